//! `.helmignore` rules, as Helm's `pkg/ignore` evaluates them: Go `filepath.Match` patterns,
//! evaluated in order, the first match deciding; `!pattern` negates (a path that does *not*
//! match a negated rule is ignored); a trailing `/` only matches directories; a leading `/`
//! anchors at the chart root; a pattern without `/` matches the base name only; `**` is
//! refused. Helm adds `templates/.?*` to every rule set.

/// One rule.
#[derive(Debug, Clone)]
struct Pattern {
    rule: String,
    negate: bool,
    must_dir: bool,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Leading `/`: the whole path.
    Root,
    /// Contains `/`: the whole path.
    Path,
    /// No `/`: the base name.
    Base,
}

/// A rule set.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rules {
    patterns: Vec<Pattern>,
}

impl Rules {
    /// Parses a `.helmignore` file (Helm's `ignore.Parse`).
    pub(crate) fn parse(text: &str) -> Result<Rules, String> {
        let mut r = Rules::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for line in text.lines() {
            r.parse_rule(line)?;
        }
        Ok(r)
    }

    /// Helm's `AddDefaults`: dotfiles in `templates/` are ignored.
    pub(crate) fn add_defaults(&mut self) {
        let _ = self.parse_rule("templates/.?*");
    }

    fn parse_rule(&mut self, rule: &str) -> Result<(), String> {
        let rule = rule.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".into());
        }
        if go_match(rule, "abc").is_err() {
            return Err("syntax error in pattern".into());
        }
        let mut rule = rule;
        let negate = if let Some(r) = rule.strip_prefix('!') {
            rule = r;
            true
        } else {
            false
        };
        let must_dir = if let Some(r) = rule.strip_suffix('/') {
            rule = r;
            true
        } else {
            false
        };
        let (kind, rule) = if let Some(r) = rule.strip_prefix('/') {
            (Kind::Root, r)
        } else if rule.contains('/') {
            (Kind::Path, rule)
        } else {
            (Kind::Base, rule)
        };
        self.patterns.push(Pattern {
            rule: rule.to_string(),
            negate,
            must_dir,
            kind,
        });
        Ok(())
    }

    /// Whether `path` (relative to the chart root, with `/`) is ignored.
    pub(crate) fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for p in &self.patterns {
            let matches = || {
                let name = match p.kind {
                    Kind::Base => path.rsplit('/').next().unwrap_or(path),
                    Kind::Root | Kind::Path => path,
                };
                go_match(&p.rule, name).unwrap_or(false)
            };
            if p.negate {
                if p.must_dir && !is_dir {
                    return true;
                }
                if !matches() {
                    return true;
                }
                continue;
            }
            if p.must_dir && !is_dir {
                continue;
            }
            if matches() {
                return true;
            }
        }
        false
    }
}

/// Go's `filepath.Match` (separator `/`): `*` any run of non-`/` characters, `?` one non-`/`
/// character, `[...]` a class (`^` negates, ranges, `\` escapes), `\x` a literal `x`. An
/// ill-formed pattern is an error.
pub(crate) fn go_match(pattern: &str, name: &str) -> Result<bool, ()> {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Validate the whole pattern first (Go reports bad patterns even after a mismatch in
    // most cases).
    validate(&p)?;
    Ok(match_from(&p, 0, &n, 0, 0))
}

fn validate(p: &[char]) -> Result<(), ()> {
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '\\' => {
                if i + 1 >= p.len() {
                    return Err(());
                }
                i += 2;
            }
            '[' => {
                let (_, next) = class(p, i, None)?;
                i = next;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Parses the class starting at `p[i] == '['`; with `c`, whether it matches. Returns the index
/// after `]`.
fn class(p: &[char], i: usize, c: Option<char>) -> Result<(bool, usize), ()> {
    let mut j = i + 1;
    let negated = p.get(j) == Some(&'^');
    if negated {
        j += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let ch = *p.get(j).ok_or(())?;
        if ch == ']' && !first {
            j += 1;
            break;
        }
        first = false;
        let lo = if ch == '\\' {
            j += 1;
            *p.get(j).ok_or(())?
        } else {
            if ch == '-' || ch == ']' {
                return Err(());
            }
            ch
        };
        j += 1;
        let mut hi = lo;
        if p.get(j) == Some(&'-') {
            j += 1;
            let h = *p.get(j).ok_or(())?;
            hi = if h == '\\' {
                j += 1;
                *p.get(j).ok_or(())?
            } else {
                if h == '-' || h == ']' {
                    return Err(());
                }
                h
            };
            j += 1;
        }
        if let Some(c) = c {
            if lo <= c && c <= hi {
                matched = true;
            }
        }
    }
    Ok((matched != negated, j))
}

fn match_from(p: &[char], pi: usize, n: &[char], ni: usize, depth: usize) -> bool {
    if depth > 256 {
        return false;
    }
    let (mut pi, mut ni) = (pi, ni);
    while pi < p.len() {
        match p[pi] {
            '*' => {
                while pi < p.len() && p[pi] == '*' {
                    pi += 1;
                }
                let mut k = ni;
                loop {
                    if match_from(p, pi, n, k, depth + 1) {
                        return true;
                    }
                    if k >= n.len() || n[k] == '/' {
                        return false;
                    }
                    k += 1;
                }
            }
            '?' => {
                if ni >= n.len() || n[ni] == '/' {
                    return false;
                }
                pi += 1;
                ni += 1;
            }
            '[' => {
                let Some(&c) = n.get(ni) else { return false };
                if c == '/' {
                    return false;
                }
                match class(p, pi, Some(c)) {
                    Ok((true, next)) => {
                        pi = next;
                        ni += 1;
                    }
                    _ => return false,
                }
            }
            '\\' => {
                let Some(&lit) = p.get(pi + 1) else {
                    return false;
                };
                if n.get(ni) != Some(&lit) {
                    return false;
                }
                pi += 2;
                ni += 1;
            }
            c => {
                if n.get(ni) != Some(&c) {
                    return false;
                }
                pi += 1;
                ni += 1;
            }
        }
    }
    ni == n.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm_ignore_semantics() {
        let mut r = Rules::parse("# c\n*.bak\n/ci/\ndocs/*.md\n.git/\n").unwrap_or_default();
        r.add_defaults();
        assert!(r.ignore("a/b/x.bak", false));
        assert!(r.ignore("ci", true));
        let anchored = Rules::parse("/ci/\n").unwrap_or_default();
        assert!(anchored.ignore("ci", true) && !anchored.ignore("sub/ci", true));
        assert!(!anchored.ignore("ci", false));
        assert!(r.ignore("docs/a.md", false));
        assert!(!r.ignore("docs/x/a.md", false));
        assert!(r.ignore(".git", true));
        assert!(!r.ignore("values.yaml", false));
        // A negated rule ignores every path it does not match (Helm's semantics).
        let neg = Rules::parse("!templates/keep.yaml\n").unwrap_or_default();
        assert!(neg.ignore("values.yaml", false));
        assert!(!neg.ignore("templates/keep.yaml", false));
        let mut d = Rules::default();
        d.add_defaults();
        assert!(d.ignore("templates/.hidden", false));
        assert!(!d.ignore("templates/a.yaml", false));
        assert!(Rules::parse("a/**/b").is_err());
        assert!(Rules::parse("[").is_err());
        assert_eq!(go_match("[^a-c]x", "dx"), Ok(true));
        assert_eq!(go_match("a\\*", "a*"), Ok(true));
    }
}
