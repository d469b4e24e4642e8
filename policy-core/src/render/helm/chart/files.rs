//! `.Files`: Helm's `engine.files` (a `map[string][]byte` with methods `Get`, `GetBytes`,
//! `Glob`, `Lines`, `AsConfig`, `AsSecrets`).
//!
//! Text files are added to the render's source map, and `Get`/`Lines` return strings marked
//! with [`MarkKind::Text`] spans into them (byte `i` of the string is byte `span.start + i` of
//! the file), so provenance reaches lines of files read through `.Files`.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::source::{SourceFile, SourceMap, Span};

use super::super::value::{Mark, MarkKind, Object, Str, Value};
use super::RawFile;

/// One file of `.Files`.
#[derive(Clone)]
pub(crate) struct FileData {
    data: Arc<[u8]>,
    /// The file as text in the source map, when it is UTF-8.
    text: Option<(Arc<SourceFile>, usize)>,
}

impl FileData {
    /// Keeps a file's bytes; a UTF-8 file is also added to the source map.
    pub(crate) fn new(f: &RawFile, sources: &mut SourceMap) -> FileData {
        let text = match std::str::from_utf8(&f.data) {
            Ok(t) => {
                let src = SourceFile::new(&f.path, &f.display, t.to_string());
                let base = sources.add(src.clone());
                Some((src, base))
            }
            Err(_) => None,
        };
        FileData {
            data: Arc::from(f.data.as_slice()),
            text,
        }
    }

    /// The file as a source file, when it is text.
    pub(crate) fn source(&self) -> Option<(Arc<SourceFile>, usize)> {
        self.text.clone()
    }

    /// The content as a Go string (invalid UTF-8 replaced), marked when it is text.
    fn string(&self) -> Str {
        match &self.text {
            Some((src, base)) => text_str(src.text(), 0, *base),
            None => Str::plain(String::from_utf8_lossy(&self.data).into_owned()),
        }
    }
}

/// `text` (found at byte `at` of a file added at `base`) with one text mark over it.
fn text_str(text: &str, at: usize, base: usize) -> Str {
    if text.is_empty() {
        return Str::plain("");
    }
    let mark = Mark {
        start: 0,
        end: text.len() as u32,
        span: Span::new(base + at, base + at + text.len()),
        kind: MarkKind::Text,
    };
    Str {
        text: Arc::from(text),
        marks: Arc::from(vec![mark]),
    }
}

/// `.Files` of a chart (or the result of `.Files.Glob`).
#[derive(Clone, Default)]
pub struct Files {
    files: BTreeMap<String, FileData>,
}

impl Files {
    pub(crate) fn new(files: BTreeMap<String, FileData>) -> Files {
        Files { files }
    }

    /// The file names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(|k| k.as_str())
    }

    /// The files as a map from name to content (what `range $path, $content := .Files.Glob …`
    /// iterates over; also returned by the pseudo-method `__range__`).
    pub fn entries(&self) -> Value {
        super::new_map(
            self.files
                .iter()
                .map(|(k, v)| (k.clone(), Value::Str(v.string())))
                .collect(),
        )
    }

    /// `.Files.Get`: the content, or `""` for a missing file.
    pub fn get(&self, name: &str) -> Str {
        self.files.get(name).map(|f| f.string()).unwrap_or_default()
    }

    /// `.Files.Glob`: the files whose names match a gobwas/glob pattern (separator `/`; an
    /// invalid pattern matches everything, as Helm falls back to `**`).
    pub fn glob(&self, pattern: &str) -> Files {
        let g = Glob::compile(pattern).unwrap_or(Glob(vec![Tok::AnyAll]));
        Files {
            files: self
                .files
                .iter()
                .filter(|(k, _)| g.matches(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    /// `.Files.Lines`: the lines of a file (one final newline dropped).
    pub fn lines(&self, name: &str) -> Vec<Str> {
        let Some(f) = self.files.get(name) else {
            return Vec::new();
        };
        if f.data.is_empty() {
            return Vec::new();
        }
        match &f.text {
            Some((src, base)) => {
                let t = src.text();
                let body = t.strip_suffix('\n').unwrap_or(t);
                let mut out = Vec::new();
                let mut at = 0;
                for line in body.split('\n') {
                    out.push(text_str(line, at, *base));
                    at += line.len() + 1;
                }
                out
            }
            None => {
                let s = String::from_utf8_lossy(&f.data).into_owned();
                let body = s.strip_suffix('\n').unwrap_or(&s);
                body.split('\n').map(Str::plain).collect()
            }
        }
    }

    /// `.Files.AsConfig`: the files as a YAML map from base name to content (Helm's `toYAML`).
    pub fn as_config(&self) -> String {
        let m: BTreeMap<String, String> = self
            .files
            .iter()
            .map(|(k, v)| {
                (
                    base_name(k).to_string(),
                    String::from_utf8_lossy(&v.data).into_owned(),
                )
            })
            .collect();
        string_map(m)
    }

    /// `.Files.AsSecrets`: the files as a YAML map from base name to base64 content.
    pub fn as_secrets(&self) -> String {
        let m: BTreeMap<String, String> = self
            .files
            .iter()
            .map(|(k, v)| (base_name(k).to_string(), base64(&v.data)))
            .collect();
        string_map(m)
    }
}

/// A map of strings as Helm's `toYAML` writes it (what `AsConfig` and `AsSecrets` return).
fn string_map(m: BTreeMap<String, String>) -> String {
    let map = m.into_iter().map(|(k, v)| (k, Value::str(v))).collect();
    let value = Value::Map(crate::render::helm::value::Dict::new(map), None);
    crate::render::helm::funcs::yaml::to_yaml(&value)
        .as_str()
        .to_string()
}

/// Go's `path.Base`.
fn base_name(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return if p.is_empty() { "." } else { "/" };
    }
    t.rsplit('/').next().unwrap_or(t)
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

fn want_string(method: &str, args: &[Value]) -> Result<String, String> {
    if args.len() != 1 {
        return Err(format!(
            "wrong number of args for {method}: want 1 got {}",
            args.len()
        ));
    }
    match &args[0] {
        Value::Str(s) => Ok(s.text.to_string()),
        other => Err(format!(
            "wrong type for value; expected string; got {}",
            other.type_name()
        )),
    }
}

fn want_none(method: &str, args: &[Value]) -> Result<(), String> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "wrong number of args for {method}: want 0 got {}",
            args.len()
        ))
    }
}

impl Object for Files {
    fn type_name(&self) -> &str {
        "engine.files"
    }

    /// `files` is a map type: `.Files.name` indexes it (a missing file is an empty `[]byte`,
    /// shown here as `""`).
    fn field(&self, name: &str) -> Option<Value> {
        Some(Value::Str(self.get(name)))
    }

    fn call(&self, method: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let r = match method {
            // GetBytes returns Go's []byte; values have no byte-slice type, so it is the
            // string (what `toString`, `b64enc` and printing make of it in practice).
            "Get" | "GetBytes" => want_string(method, args).map(|n| Value::Str(self.get(&n))),
            "Glob" => want_string(method, args).map(|p| Value::Object(Arc::new(self.glob(&p)))),
            "Lines" => want_string(method, args).map(|n| {
                Value::List(
                    Arc::new(self.lines(&n).into_iter().map(Value::Str).collect()),
                    None,
                )
            }),
            "AsConfig" => want_none(method, args).map(|_| Value::str(self.as_config())),
            "AsSecrets" => want_none(method, args).map(|_| Value::str(self.as_secrets())),
            "__range__" => Ok(self.entries()),
            _ => return None,
        };
        Some(r)
    }

    /// Go prints a `map[string][]byte` as `map[name:[104 105]]`.
    fn display(&self) -> String {
        let parts: Vec<String> = self
            .files
            .iter()
            .map(|(k, v)| {
                let bytes: Vec<String> = v.data.iter().map(|b| b.to_string()).collect();
                format!("{k}:[{}]", bytes.join(" "))
            })
            .collect();
        format!("map[{}]", parts.join(" "))
    }
}

/// A gobwas/glob pattern compiled with separator `/`.
#[derive(Debug, Clone)]
struct Glob(Vec<Tok>);

#[derive(Debug, Clone)]
enum Tok {
    Lit(char),
    /// `?`: one character, not `/`.
    One,
    /// `*`: any run of characters without `/`.
    Any,
    /// `**`: any run of characters.
    AnyAll,
    /// `[...]`: ranges, negated with `!`.
    Class(Vec<(char, char)>, bool),
    /// `{a,b}`: alternatives.
    Alt(Vec<Glob>),
}

impl Glob {
    fn compile(p: &str) -> Option<Glob> {
        let chars: Vec<char> = p.chars().collect();
        let (g, i) = parse_glob(&chars, 0, false, 0)?;
        if i != chars.len() {
            return None;
        }
        Some(g)
    }

    fn matches(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        let mut budget = 1_000_000usize;
        match_toks(&self.0, &chars, 0, &mut budget)
            .into_iter()
            .any(|end| end == chars.len())
    }
}

fn parse_glob(p: &[char], mut i: usize, in_alt: bool, depth: usize) -> Option<(Glob, usize)> {
    if depth > 32 {
        return None;
    }
    let mut toks = Vec::new();
    while i < p.len() {
        let c = p[i];
        match c {
            ',' | '}' if in_alt => break,
            '*' => {
                if p.get(i + 1) == Some(&'*') {
                    toks.push(Tok::AnyAll);
                    i += 2;
                } else {
                    toks.push(Tok::Any);
                    i += 1;
                }
            }
            '?' => {
                toks.push(Tok::One);
                i += 1;
            }
            '\\' => {
                let l = *p.get(i + 1)?;
                toks.push(Tok::Lit(l));
                i += 2;
            }
            '[' => {
                let mut j = i + 1;
                let neg = p.get(j) == Some(&'!');
                if neg {
                    j += 1;
                }
                let mut ranges = Vec::new();
                while *p.get(j)? != ']' {
                    let lo = p[j];
                    if p.get(j + 1) == Some(&'-') && p.get(j + 2).is_some_and(|c| *c != ']') {
                        ranges.push((lo, p[j + 2]));
                        j += 3;
                    } else {
                        ranges.push((lo, lo));
                        j += 1;
                    }
                }
                toks.push(Tok::Class(ranges, neg));
                i = j + 1;
            }
            '{' => {
                let mut alts = Vec::new();
                i += 1;
                loop {
                    let (g, j) = parse_glob(p, i, true, depth + 1)?;
                    alts.push(g);
                    match p.get(j)? {
                        ',' => i = j + 1,
                        '}' => {
                            i = j + 1;
                            break;
                        }
                        _ => return None,
                    }
                }
                toks.push(Tok::Alt(alts));
            }
            _ => {
                toks.push(Tok::Lit(c));
                i += 1;
            }
        }
    }
    Some((Glob(toks), i))
}

/// Every end position where `toks` can match `s` from `at`.
fn match_toks(toks: &[Tok], s: &[char], at: usize, budget: &mut usize) -> Vec<usize> {
    if *budget == 0 {
        return Vec::new();
    }
    *budget -= 1;
    let Some((first, rest)) = toks.split_first() else {
        return vec![at];
    };
    let mut ends: Vec<usize> = Vec::new();
    let next = |k: usize, ends: &mut Vec<usize>, budget: &mut usize| {
        for e in match_toks(rest, s, k, budget) {
            if !ends.contains(&e) {
                ends.push(e);
            }
        }
    };
    match first {
        Tok::Lit(c) => {
            if s.get(at) == Some(c) {
                next(at + 1, &mut ends, budget);
            }
        }
        Tok::One => {
            if s.get(at).is_some_and(|c| *c != '/') {
                next(at + 1, &mut ends, budget);
            }
        }
        Tok::Class(ranges, neg) => {
            if let Some(c) = s.get(at) {
                let inr = ranges.iter().any(|(lo, hi)| lo <= c && c <= hi);
                if inr != *neg && *c != '/' {
                    next(at + 1, &mut ends, budget);
                }
            }
        }
        Tok::Any | Tok::AnyAll => {
            let mut k = at;
            loop {
                next(k, &mut ends, budget);
                if k >= s.len() || (matches!(first, Tok::Any) && s[k] == '/') {
                    break;
                }
                k += 1;
            }
        }
        Tok::Alt(alts) => {
            for a in alts {
                for k in match_toks(&a.0, s, at, budget) {
                    next(k, &mut ends, budget);
                }
            }
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gobwas_globs() {
        let m = |p: &str, s: &str| Glob::compile(p).is_some_and(|g| g.matches(s));
        assert!(m("files/*", "files/a.txt"));
        assert!(!m("files/*", "files/x/a.txt"));
        assert!(m("files/**", "files/x/a.txt"));
        assert!(m("files/**.yaml", "files/x/a.yaml"));
        assert!(m("*.{yaml,json}", "a.json"));
        assert!(m("conf/[!b]?.txt", "conf/ab.txt"));
        assert!(!m("conf/[!b]?.txt", "conf/bb.txt"));
        assert_eq!(base64(b"hello"), "aGVsbG8=");
        assert_eq!(base_name("a/b/c.txt"), "c.txt");
    }
}
