//! `semver` and `semverCompare` with Masterminds/semver v3 rules (loose versions such as
//! `v1.31.0` or `1.2`, constraints with `||`, ranges `1.2 - 1.4`, `~`, `^`, wildcards, and the
//! rule that a prerelease version only satisfies constraints that carry a prerelease, which is
//! why charts write `>=1.21-0` to accept `v1.31.0-eks-1`).

use std::cmp::Ordering;
use std::sync::{Arc, OnceLock};

use regex::Regex;

use super::super::value::{Object, Value};
use super::conv::*;
use super::FuncState;

/// A parsed version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    meta: String,
    original: String,
}

const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

struct Res {
    loose: Regex,
    constraint: Regex,
    range: Regex,
    find: Regex,
    valid: Regex,
}

fn res() -> Option<&'static Res> {
    static R: OnceLock<Option<Res>> = OnceLock::new();
    R.get_or_init(|| {
        Some(Res {
            loose: Regex::new(r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$").ok()?,
            constraint: Regex::new(&format!(r"^\s*({OPS})\s*({CV})\s*$")).ok()?,
            range: Regex::new(&format!(r"\s*({CV})\s+-\s+({CV})\s*")).ok()?,
            find: Regex::new(&format!(r"({OPS})\s*({CV})")).ok()?,
            valid: Regex::new(&format!(
                r"^(\s*({OPS})\s*({CV})\s*)((?:\s+|,\s*)({OPS})\s*({CV})\s*)*$"
            ))
            .ok()?,
        })
    })
    .as_ref()
}

const INVALID: &str = "Invalid Semantic Version";

impl Version {
    /// Parses a version as `semver.NewVersion` does (coercing: `1.2` is `1.2.0`).
    pub fn parse(v: &str) -> Result<Version, String> {
        let r = res().ok_or("semver: regex")?;
        let m = r.loose.captures(v).ok_or(INVALID)?;
        let num = |i: usize| -> Result<u64, String> {
            match m.get(i) {
                None => Ok(0),
                Some(x) => x
                    .as_str()
                    .trim_start_matches('.')
                    .parse()
                    .map_err(|e| format!("error parsing version segment: {e}")),
            }
        };
        let pre = m.get(5).map_or("", |x| x.as_str()).to_string();
        for part in pre.split('.').filter(|_| !pre.is_empty()) {
            if part.bytes().all(|b| b.is_ascii_digit()) && part.len() > 1 && part.starts_with('0') {
                return Err("Version segment starts with 0".into());
            }
        }
        Ok(Version {
            major: num(1)?,
            minor: num(2)?,
            patch: num(3)?,
            pre,
            meta: m.get(8).map_or("", |x| x.as_str()).to_string(),
            original: v.to_string(),
        })
    }

    fn compare(&self, o: &Version) -> Ordering {
        self.major
            .cmp(&o.major)
            .then(self.minor.cmp(&o.minor))
            .then(self.patch.cmp(&o.patch))
            .then_with(|| compare_pre(&self.pre, &o.pre))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.meta.is_empty() {
            write!(f, "+{}", self.meta)?;
        }
        Ok(())
    }
}

fn compare_pre(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    if a.is_empty() {
        return Ordering::Greater;
    }
    if b.is_empty() {
        return Ordering::Less;
    }
    let ap: Vec<&str> = a.split('.').collect();
    let bp: Vec<&str> = b.split('.').collect();
    for i in 0..ap.len().max(bp.len()) {
        let x = ap.get(i).copied().unwrap_or("");
        let y = bp.get(i).copied().unwrap_or("");
        let c = compare_part(x, y);
        if c != Ordering::Equal {
            return c;
        }
    }
    Ordering::Equal
}

fn compare_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    match (s.parse::<u64>(), o.parse::<u64>()) {
        (Err(_), Err(_)) => s.cmp(o),
        (Err(_), Ok(_)) => Ordering::Greater,
        (Ok(_), Err(_)) => Ordering::Less,
        (Ok(a), Ok(b)) => a.cmp(&b),
    }
}

struct Constraint {
    op: String,
    con: Version,
    minor_dirty: bool,
    patch_dirty: bool,
    dirty: bool,
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "X" | "*")
}

fn parse_constraint(c: &str) -> Result<Constraint, String> {
    let r = res().ok_or("semver: regex")?;
    let m = r
        .constraint
        .captures(c)
        .ok_or_else(|| format!("improper constraint: {c}"))?;
    let g = |i: usize| m.get(i).map_or("", |x| x.as_str());
    let (m3, m4, m5, m6) = (g(3), g(4), g(5), g(6));
    let (mut minor_dirty, mut patch_dirty, mut dirty) = (false, false, false);
    let ver = if is_x(m3) || m3.is_empty() {
        dirty = true;
        format!("0.0.0{m6}")
    } else if is_x(m4.trim_start_matches('.')) || m4.is_empty() {
        minor_dirty = true;
        dirty = true;
        format!("{m3}.0.0{m6}")
    } else if is_x(m5.trim_start_matches('.')) || m5.is_empty() {
        dirty = true;
        patch_dirty = true;
        format!("{m3}{m4}.0{m6}")
    } else {
        g(2).to_string()
    };
    let con = Version::parse(&ver).map_err(|_| "constraint parser error".to_string())?;
    Ok(Constraint {
        op: g(1).to_string(),
        con,
        minor_dirty,
        patch_dirty,
        dirty,
    })
}

impl Constraint {
    fn check(&self, v: &Version, include_pre: bool) -> bool {
        if !v.pre.is_empty() && !include_pre {
            return false;
        }
        let c = &self.con;
        match self.op.as_str() {
            "" | "=" => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.compare(c) == Ordering::Equal
                }
            }
            "!=" => {
                if self.dirty {
                    if c.major != v.major {
                        return true;
                    }
                    if c.minor != v.minor && !self.minor_dirty {
                        return true;
                    } else if self.minor_dirty {
                        return false;
                    } else if c.patch != v.patch && !self.patch_dirty {
                        return true;
                    } else if self.patch_dirty {
                        if !v.pre.is_empty() || !c.pre.is_empty() {
                            return compare_pre(&v.pre, &c.pre) != Ordering::Equal;
                        }
                        return false;
                    }
                }
                v.compare(c) != Ordering::Equal
            }
            ">" => {
                if !self.dirty {
                    return v.compare(c) == Ordering::Greater;
                }
                if v.major > c.major {
                    true
                } else if v.major < c.major || self.minor_dirty {
                    false
                } else if self.patch_dirty {
                    v.minor > c.minor
                } else {
                    v.compare(c) == Ordering::Greater
                }
            }
            "<" => v.compare(c) == Ordering::Less,
            ">=" | "=>" => v.compare(c) != Ordering::Less,
            "<=" | "=<" => {
                if !self.dirty {
                    return v.compare(c) != Ordering::Greater;
                }
                !(v.major > c.major
                    || (v.major == c.major && v.minor > c.minor && !self.minor_dirty))
            }
            "~" | "~>" => self.tilde(v),
            "^" => {
                if v.compare(c) == Ordering::Less {
                    return false;
                }
                if c.major > 0 || self.minor_dirty {
                    return v.major == c.major;
                }
                if c.major == 0 && v.major > 0 {
                    return false;
                }
                if c.minor > 0 || self.patch_dirty {
                    return v.minor == c.minor;
                }
                if c.minor == 0 && v.minor > 0 {
                    return false;
                }
                c.patch == v.patch
            }
            _ => false,
        }
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        if v.major != c.major {
            return false;
        }
        v.minor == c.minor || self.minor_dirty
    }
}

/// Whether `version` satisfies `constraint` (Masterminds `NewConstraint(c).Check(v)`).
pub fn check(constraint: &str, version: &str) -> Result<bool, String> {
    let r = res().ok_or("semver: regex")?;
    // rewriteRange: "a - b" -> ">= a, <= b".
    let mut c = constraint.to_string();
    let ranges: Vec<(String, String, String)> = r
        .range
        .captures_iter(constraint)
        .map(|m| {
            (
                m.get(0).map_or("", |x| x.as_str()).to_string(),
                m.get(1).map_or("", |x| x.as_str()).to_string(),
                m.get(11).map_or("", |x| x.as_str()).to_string(),
            )
        })
        .collect();
    for (all, a, b) in ranges {
        c = c.replacen(&all, &format!(">= {a}, <= {b} "), 1);
    }
    let mut groups = Vec::new();
    for or in c.split("||") {
        if !r.valid.is_match(or) {
            return Err(format!("improper constraint: {or}"));
        }
        let found: Vec<&str> = r.find.find_iter(or).map(|m| m.as_str()).collect();
        let parts = if found.is_empty() { vec![or] } else { found };
        let mut cs = Vec::new();
        let mut has_pre = false;
        for p in parts {
            let pc = parse_constraint(p)?;
            has_pre |= !pc.con.pre.is_empty();
            cs.push(pc);
        }
        groups.push((cs, has_pre));
    }
    let v = Version::parse(version)?;
    Ok(groups
        .iter()
        .any(|(cs, pre)| cs.iter().all(|c| c.check(&v, *pre))))
}

/// `semverCompare CONSTRAINT VERSION`.
pub fn semver_compare(_: &mut FuncState, a: &[Value]) -> Result<Value, String> {
    arity("semverCompare", a, 2)?;
    let c = arg_str(a, 0)?;
    let v = arg_str(a, 1)?;
    Ok(Value::Bool(check(&c.text, &v.text)?, None))
}

struct SemverObj(Version);

impl Object for SemverObj {
    fn type_name(&self) -> &str {
        "*semver.Version"
    }
    fn field(&self, name: &str) -> Option<Value> {
        let v = &self.0;
        Some(match name {
            "Major" => Value::Int64(v.major as i64, None),
            "Minor" => Value::Int64(v.minor as i64, None),
            "Patch" => Value::Int64(v.patch as i64, None),
            "Prerelease" => Value::str(v.pre.as_str()),
            "Metadata" => Value::str(v.meta.as_str()),
            "Original" => Value::str(v.original.as_str()),
            "String" => Value::str(v.to_string()),
            _ => return None,
        })
    }
    fn call(&self, method: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if args.is_empty() {
            return self.field(method).map(Ok);
        }
        let other = args.first().map(|o| match o {
            Value::Object(ob) => Version::parse(&ob.display()),
            Value::Str(s) => Version::parse(&s.text),
            _ => Err(INVALID.to_string()),
        })?;
        let other = match other {
            Ok(o) => o,
            Err(e) => return Some(Err(e)),
        };
        let ord = self.0.compare(&other);
        Some(Ok(match method {
            "Compare" => Value::Int(ord as i64, None),
            "LessThan" => Value::Bool(ord == Ordering::Less, None),
            "GreaterThan" => Value::Bool(ord == Ordering::Greater, None),
            "Equal" => Value::Bool(ord == Ordering::Equal, None),
            _ => return None,
        }))
    }
    fn display(&self) -> String {
        self.0.to_string()
    }
}

/// `semver V`: a version object (`.Major`, `.Minor`, `.Patch`, `.Prerelease`, …).
pub fn semver(_: &mut FuncState, a: &[Value]) -> Result<Value, String> {
    arity("semver", a, 1)?;
    let v = Version::parse(&arg_str(a, 0)?.text)?;
    Ok(Value::Object(Arc::new(SemverObj(v))))
}
