//! `--set` and `--set-string`, parsed as Helm's `pkg/strvals` parses them (`ParseInto`,
//! `ParseIntoString`): `a.b=x` nests maps, `a[0].c=x` indexes lists (growing them with nils),
//! `a={x,y}` is a list, `\` escapes the next character (`a\.b=x` is the key `a.b`), values are
//! typed (`true`/`false` bools, `null` nil, integers not starting with `0` are `int64`, `0` is
//! `int64(0)`) unless forced to strings. Messages are Helm's.

use std::sync::Arc;

use crate::source::Span;

use super::super::value::{Dict, Str, Value};

/// Helm's `MaxIndex`.
const MAX_INDEX: i64 = 65536;
/// Helm's `MaxNestedNameLevel`.
const MAX_NESTED_NAME_LEVEL: usize = 30;

/// A `--set` parse error: the byte offset in the flag text where parsing stopped, and Helm's
/// message.
#[derive(Debug, Clone, PartialEq)]
pub struct SetError {
    /// Byte offset in the flag text.
    pub offset: usize,
    /// Helm's message (without the `failed parsing --set data: ` prefix).
    pub message: String,
}

enum PErr {
    Eof,
    NotList,
    Msg(String, usize),
}

struct Parser<'a> {
    chars: Vec<(usize, char)>,
    len: usize,
    pos: usize,
    force_string: bool,
    base: Option<usize>,
    _text: &'a str,
}

/// Parses one `--set` (or, with `force_string`, `--set-string`) argument into `dest`, as
/// `strvals.ParseInto` does. Values get origins in the flag text when `base` (the flag's
/// offset in the source map) is given.
pub fn parse_set(
    text: &str,
    force_string: bool,
    dest: &Dict,
    base: Option<usize>,
) -> Result<(), SetError> {
    let mut p = Parser {
        chars: text.char_indices().collect(),
        len: text.len(),
        pos: 0,
        force_string,
        base,
        _text: text,
    };
    loop {
        match p.key(dest, 0) {
            Ok(()) => continue,
            Err(PErr::Eof) => return Ok(()),
            Err(PErr::NotList) => {
                return Err(SetError {
                    offset: p.offset(),
                    message: "not a list".into(),
                })
            }
            Err(PErr::Msg(message, offset)) => return Err(SetError { offset, message }),
        }
    }
}

/// Go's panic message for a failed type assertion, as `strvals` recovers it.
fn conversion(v: &Value, want: &str) -> String {
    let have = match v {
        Value::Nil => "nil".to_string(),
        other => other.type_name().to_string(),
    };
    format!("unable to parse key: interface conversion: interface {{}} is {have}, not {want}")
}

const LIST_T: &str = "[]interface {}";
const MAP_T: &str = "map[string]interface {}";

impl Parser<'_> {
    fn offset(&self) -> usize {
        self.chars.get(self.pos).map(|c| c.0).unwrap_or(self.len)
    }

    fn err(&self, m: impl Into<String>) -> PErr {
        PErr::Msg(m.into(), self.offset())
    }

    /// Reads up to a stop character (consumed) or the end; `\` escapes. Returns the text, the
    /// stop character (`None` at the end) and the byte span of the text read.
    fn until(&mut self, stop: &[char]) -> (String, Option<char>, Span) {
        let start = self.offset();
        let mut v = String::new();
        loop {
            let end = self.offset();
            let Some(&(_, c)) = self.chars.get(self.pos) else {
                return (v, None, Span::new(start, end));
            };
            self.pos += 1;
            if stop.contains(&c) {
                return (v, Some(c), Span::new(start, end));
            }
            if c == '\\' {
                match self.chars.get(self.pos) {
                    Some(&(_, n)) => {
                        self.pos += 1;
                        v.push(n);
                    }
                    None => return (v, None, Span::new(start, self.len)),
                }
            } else {
                v.push(c);
            }
        }
    }

    fn typed(&self, v: String, span: Span) -> Value {
        let origin = self.base.map(|b| Span::new(span.start + b, span.end + b));
        if self.force_string {
            return Value::Str(Str::with_origin(v, origin));
        }
        if v.eq_ignore_ascii_case("true") {
            return Value::Bool(true, origin);
        }
        if v.eq_ignore_ascii_case("false") {
            return Value::Bool(false, origin);
        }
        if v.eq_ignore_ascii_case("null") {
            return Value::Nil;
        }
        if v == "0" {
            return Value::Int64(0, origin);
        }
        if !v.is_empty() && !v.starts_with('0') {
            if let Some(i) = go_parse_int(&v) {
                return Value::Int64(i, origin);
            }
        }
        Value::Str(Str::with_origin(v, origin))
    }

    fn key(&mut self, data: &Dict, level: usize) -> Result<(), PErr> {
        let (k, last, _) = self.until(&['=', '[', ',', '.']);
        match last {
            None => {
                if k.is_empty() {
                    Err(PErr::Eof)
                } else {
                    Err(self.err(format!("key {k:?} has no value")))
                }
            }
            Some('[') => {
                let i = self.key_index()?;
                let list = match data.get(&k) {
                    None => Vec::new(),
                    Some(Value::List(l, _)) => l.to_vec(),
                    Some(other) => return Err(self.err(conversion(&other, LIST_T))),
                };
                let (list, res) = self.list_item(list, i, level);
                set(data, &k, Value::List(Arc::new(list), None));
                res
            }
            Some('=') => match self.val_list() {
                Ok(vl) => {
                    set(data, &k, vl);
                    Ok(())
                }
                Err(PErr::Eof) => {
                    set(data, &k, Value::str(""));
                    Err(PErr::Eof)
                }
                Err(PErr::NotList) => {
                    let (rs, span) = self.val();
                    let v = self.typed(rs, span);
                    set(data, &k, v);
                    Ok(())
                }
                Err(e) => Err(e),
            },
            Some(',') => {
                set(data, &k, Value::str(""));
                Err(self.err(format!("key {k:?} has no value (cannot end with ,)")))
            }
            _ => {
                // '.'
                let level = level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(self.err(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    )));
                }
                let inner = match data.get(&k) {
                    None => Dict::default(),
                    Some(Value::Map(m, _)) => m,
                    Some(other) => return Err(self.err(conversion(&other, MAP_T))),
                };
                let e = self.key(&inner, level);
                if e.is_ok() && inner.is_empty() {
                    return Err(self.err(format!("key map {k:?} has no value")));
                }
                if !inner.is_empty() {
                    let origin = data.get(&k).and_then(|v| v.origin());
                    set(data, &k, Value::Map(inner, origin));
                }
                e
            }
        }
    }

    fn key_index(&mut self) -> Result<i64, PErr> {
        let (v, last, _) = self.until(&[']']);
        if last.is_none() {
            return Err(PErr::Eof);
        }
        go_parse_int(&v).ok_or_else(|| {
            self.err(format!(
                "error parsing index: strconv.Atoi: parsing {v:?}: invalid syntax"
            ))
        })
    }

    fn list_item(
        &mut self,
        mut list: Vec<Value>,
        i: i64,
        level: usize,
    ) -> (Vec<Value>, Result<(), PErr>) {
        if i < 0 {
            let e = self.err(format!("negative {i} index not allowed"));
            return (list, Err(e));
        }
        let (k, last, _) = self.until(&['[', '.', '=']);
        if !k.is_empty() {
            let e = self.err(format!("unexpected data at end of array index: {k:?}"));
            return (list, Err(e));
        }
        match last {
            None => (list, Err(PErr::Eof)),
            Some('=') => match self.val_list() {
                Ok(vl) => self.set_index(list, i, vl),
                Err(PErr::Eof) => self.set_index(list, i, Value::str("")),
                Err(PErr::NotList) => {
                    let (rs, span) = self.val();
                    let v = self.typed(rs, span);
                    self.set_index(list, i, v)
                }
                Err(e) => (list, Err(e)),
            },
            Some('[') => {
                let next = match self.key_index() {
                    Ok(n) => n,
                    Err(e) => return (list, Err(e)),
                };
                let mut crt = Vec::new();
                if let Some(existing) = usize::try_from(i).ok().and_then(|i| list.get(i)) {
                    match existing {
                        Value::Nil => {}
                        Value::List(l, _) => crt = l.to_vec(),
                        other => {
                            let e = self.err(conversion(other, LIST_T));
                            return (list, Err(e));
                        }
                    }
                }
                let (list2, res) = self.list_item(crt, next, level);
                if let Err(e) = res {
                    return (list, Err(e));
                }
                self.set_index(list, i, Value::List(Arc::new(list2), None))
            }
            _ => {
                // '.'
                let mut inner = Dict::default();
                if let Some(slot) = usize::try_from(i).ok().and_then(|i| list.get_mut(i)) {
                    match slot {
                        Value::Map(m, _) => inner = m.clone(),
                        _ => *slot = Value::Map(inner.clone(), None),
                    }
                }
                if let Err(e) = self.key(&inner, level) {
                    return (list, Err(e));
                }
                self.set_index(list, i, Value::Map(inner, None))
            }
        }
    }

    fn set_index(&self, mut list: Vec<Value>, i: i64, v: Value) -> (Vec<Value>, Result<(), PErr>) {
        if i < 0 {
            let e = self.err(format!("negative {i} index not allowed"));
            return (list, Err(e));
        }
        if i > MAX_INDEX {
            let e = self.err(format!(
                "index of {i} is greater than maximum supported index of {MAX_INDEX}"
            ));
            return (list, Err(e));
        }
        let i = i as usize;
        if list.len() <= i {
            list.resize(i + 1, Value::Nil);
        }
        list[i] = v;
        (list, Ok(()))
    }

    fn val(&mut self) -> (String, Span) {
        let (v, _, span) = self.until(&[',']);
        (v, span)
    }

    fn val_list(&mut self) -> Result<Value, PErr> {
        let start = self.offset();
        match self.chars.get(self.pos) {
            None => return Err(PErr::Eof),
            Some(&(_, '{')) => self.pos += 1,
            Some(_) => return Err(PErr::NotList),
        }
        let mut list = Vec::new();
        loop {
            let (rs, last, span) = self.until(&[',', '}']);
            match last {
                None => return Err(self.err("list must terminate with '}'")),
                Some('}') => {
                    if let Some(&(_, c)) = self.chars.get(self.pos) {
                        if c == ',' {
                            self.pos += 1;
                        }
                    }
                    list.push(self.typed(rs, span));
                    let origin = self.base.map(|b| Span::new(start + b, self.offset() + b));
                    return Ok(Value::List(Arc::new(list), origin));
                }
                _ => list.push(self.typed(rs, span)),
            }
        }
    }
}

fn set(data: &Dict, key: &str, v: Value) {
    if key.is_empty() {
        return;
    }
    data.write().insert(key.to_string(), v);
}

/// Go's `strconv.ParseInt(s, 10, 64)` (an optional sign, decimal digits).
fn go_parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}
