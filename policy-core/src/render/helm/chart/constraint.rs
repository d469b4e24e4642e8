//! Versions and version ranges as Masterminds/semver v3 (what Helm uses) parses and checks
//! them: lenient versions (`1`, `1.2`, `v1.2.3`), ranges with `||`, `,`/space conjunctions,
//! `=`, `!=`, `>`, `<`, `>=`, `<=`, `~`, `~>`, `^`, wildcards (`1.2.x`, `*`) and hyphen ranges.
//! A version with a pre-release only satisfies a range that names a pre-release, as in
//! Masterminds.

use std::cmp::Ordering;

/// A semantic version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
}

impl Version {
    /// Parses a version as Masterminds' `NewVersion` does.
    pub(crate) fn parse(s: &str) -> Option<Version> {
        let s = s.strip_prefix('v').unwrap_or(s);
        let (s, _build) = match s.split_once('+') {
            Some((a, b)) => {
                if !ident_list_ok(b) {
                    return None;
                }
                (a, Some(b))
            }
            None => (s, None),
        };
        let (core, pre) = match s.split_once('-') {
            Some((a, b)) => {
                if !ident_list_ok(b) {
                    return None;
                }
                (a, b.to_string())
            }
            None => (s, String::new()),
        };
        let parts: Vec<&str> = core.split('.').collect();
        if parts.is_empty() || parts.len() > 3 {
            return None;
        }
        let mut nums = [0u64; 3];
        for (i, p) in parts.iter().enumerate() {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            nums[i] = p.parse().ok()?;
        }
        Some(Version {
            major: nums[0],
            minor: nums[1],
            patch: nums[2],
            pre,
        })
    }

    fn cmp_to(&self, o: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(o.major, o.minor, o.patch))
            .then_with(|| cmp_pre(&self.pre, &o.pre))
    }
}

fn ident_list_ok(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

fn cmp_pre(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    for (x, y) in pa.iter().zip(pb.iter()) {
        let o = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(i), Ok(j)) => i.cmp(&j),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            _ => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    pa.len().cmp(&pb.len())
}

/// A version of a range term: parts may be missing or wildcards.
#[derive(Debug, Clone)]
struct Partial {
    v: Version,
    /// How many of major, minor, patch were given as numbers (a wildcard stops the count).
    given: usize,
}

fn parse_partial(s: &str) -> Option<Partial> {
    let s = s.strip_prefix('v').unwrap_or(s);
    let s = s.split_once('+').map(|(a, _)| a).unwrap_or(s);
    let (core, pre) = match s.split_once('-') {
        Some((a, b)) => (a, b.to_string()),
        None => (s, String::new()),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut nums = [0u64; 3];
    let mut given = 0;
    let mut wild = false;
    for (i, p) in parts.iter().enumerate() {
        if matches!(*p, "x" | "X" | "*") {
            wild = true;
            continue;
        }
        if wild || p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        nums[i] = p.parse().ok()?;
        given = i + 1;
    }
    Some(Partial {
        v: Version {
            major: nums[0],
            minor: nums[1],
            patch: nums[2],
            pre,
        },
        given,
    })
}

#[derive(Debug, Clone)]
struct Term {
    op: String,
    p: Partial,
}

fn bump(v: &Version, level: usize) -> Version {
    match level {
        0 => Version {
            major: v.major + 1,
            minor: 0,
            patch: 0,
            pre: String::new(),
        },
        1 => Version {
            major: v.major,
            minor: v.minor + 1,
            patch: 0,
            pre: String::new(),
        },
        _ => Version {
            major: v.major,
            minor: v.minor,
            patch: v.patch + 1,
            pre: String::new(),
        },
    }
}

impl Term {
    fn check(&self, v: &Version) -> bool {
        let c = &self.p.v;
        let given = self.p.given;
        if !v.pre.is_empty() && c.pre.is_empty() {
            return false;
        }
        let ge = |x: &Version| v.cmp_to(x) != Ordering::Less;
        let lt = |x: &Version| v.cmp_to(x) == Ordering::Less;
        // The range [lo, hi) a wildcard version stands for.
        let wild_range = || {
            if given == 0 {
                None
            } else {
                Some((c.clone(), bump(c, given - 1)))
            }
        };
        match self.op.as_str() {
            "" | "=" => {
                if given < 3 {
                    match wild_range() {
                        None => true,
                        Some((lo, hi)) => ge(&lo) && lt(&hi),
                    }
                } else {
                    v.cmp_to(c) == Ordering::Equal
                }
            }
            "!=" => {
                if given < 3 {
                    match wild_range() {
                        None => false,
                        Some((lo, hi)) => !(ge(&lo) && lt(&hi)),
                    }
                } else {
                    v.cmp_to(c) != Ordering::Equal
                }
            }
            ">" => {
                if given < 3 {
                    match given {
                        0 => false,
                        g => ge(&bump(c, g - 1)),
                    }
                } else {
                    v.cmp_to(c) == Ordering::Greater
                }
            }
            "<" => lt(c),
            ">=" | "=>" => ge(c),
            "<=" | "=<" => {
                if given < 3 {
                    match given {
                        0 => true,
                        g => lt(&bump(c, g - 1)),
                    }
                } else {
                    v.cmp_to(c) != Ordering::Greater
                }
            }
            "~" | "~>" => {
                let hi = if given >= 2 { bump(c, 1) } else { bump(c, 0) };
                if given == 0 {
                    return true;
                }
                ge(c) && lt(&hi)
            }
            "^" => {
                if given == 0 {
                    return true;
                }
                let hi = if c.major > 0 || given == 1 {
                    bump(c, 0)
                } else if c.minor > 0 || given == 2 {
                    bump(c, 1)
                } else {
                    bump(c, 2)
                };
                ge(c) && lt(&hi)
            }
            _ => false,
        }
    }
}

fn parse_term(s: &str) -> Option<Term> {
    let ops = ["!=", ">=", "=>", "<=", "=<", "~>", "=", ">", "<", "~", "^"];
    let s = s.trim();
    let (op, rest) = ops
        .iter()
        .find_map(|o| s.strip_prefix(o).map(|r| (o.to_string(), r)))
        .unwrap_or((String::new(), s));
    let p = parse_partial(rest.trim())?;
    Some(Term { op, p })
}

/// Parses one `||` alternative into its terms (a conjunction).
fn parse_and(s: &str) -> Option<Vec<Term>> {
    // Hyphen ranges: "1.2 - 1.4.5".
    let s = s.trim();
    if let Some((a, b)) = s.split_once(" - ") {
        let lo = parse_term(&format!(">={}", a.trim()))?;
        let hi = parse_term(&format!("<={}", b.trim()))?;
        return Some(vec![lo, hi]);
    }
    // Operators may be separated from their version by spaces: join them first.
    let mut tokens: Vec<String> = Vec::new();
    for tok in s.split(|c: char| c == ',' || c.is_whitespace()) {
        if tok.is_empty() {
            continue;
        }
        match tokens.last_mut() {
            Some(last) if last.chars().all(|c| "=<>!~^".contains(c)) => last.push_str(tok),
            _ => tokens.push(tok.to_string()),
        }
    }
    if tokens.is_empty() {
        return None;
    }
    tokens.iter().map(|t| parse_term(t)).collect()
}

/// Helm's `IsCompatibleRange`: whether `version` satisfies `constraint` (false when either
/// does not parse, an empty constraint included, as in Masterminds).
pub(crate) fn is_compatible_range(constraint: &str, version: &str) -> bool {
    let Some(v) = Version::parse(version) else {
        return false;
    };
    let mut alts = Vec::new();
    for alt in constraint.split("||") {
        match parse_and(alt) {
            Some(t) => alts.push(t),
            None => return false,
        }
    }
    alts.iter().any(|terms| terms.iter().all(|t| t.check(&v)))
}

#[cfg(test)]
mod tests {
    use super::is_compatible_range as ok;

    #[test]
    fn masterminds_ranges() {
        assert!(ok("1.2.3", "1.2.3"));
        assert!(ok("~1.2", "1.2.9"));
        assert!(!ok("~1.2", "1.3.0"));
        assert!(ok("^1.2", "1.9.0"));
        assert!(!ok("^1.2", "2.0.0"));
        assert!(ok("^0.2.3", "0.2.9"));
        assert!(!ok("^0.2.3", "0.3.0"));
        assert!(ok("1.x", "1.5.0"));
        assert!(ok("*", "3.0.0"));
        assert!(ok(">= 1.2, < 2", "1.5.0"));
        assert!(ok(">=1.0.0 <2.0.0 || >=3", "3.1.0"));
        assert!(ok("1.0 - 2.0", "1.5.0"));
        assert!(!ok("1.x", "1.5.0-rc.1"));
        assert!(ok(">=1.0.0-0", "1.5.0-rc.1"));
        assert!(ok("2.x.x", "2.31.0"));
        assert!(!ok("", "1.0.0"));
    }
}
