//! JSON 6902 patches as kustomize 5.5 applies them: `gopkg.in/evanphx/json-patch.v4` (v4.12.0)
//! `Patch.Apply`, with that library's defaults (negative indices allowed, no copy size limit).
//! It is not RFC 6902 to the letter, and the rules must see what `kustomize build` prints:
//!
//! - `replace` of a key an object lacks **adds** it (the library's objects always "have" a
//!   key); its parent must exist (`replace` under a missing object is an error, as is a
//!   `replace` of a list index past the end);
//! - a missing `value` writes `null`;
//! - list indices may be negative, counted from the end (`-1` is the last item; for `add`, the
//!   position before the end, so `-1` appends); `-` appends for `add` only;
//! - a path that does not start with `/` is read from its last `/` (everything before the
//!   first `/` is ignored, as the library splits on `/` and drops the first part);
//! - `test` of a key that is missing or `null` passes when the value is `null` or missing;
//! - `move` and `copy` from a key an object lacks move or copy a `null`;
//! - a `null` on the way to the target is a missing path;
//! - an unknown `op` is an error (`Unexpected kind`).
//!
//! [`apply`] also says which nodes `remove` (and `move`, at its `from`) took away, for
//! provenance.

use serde_json::{Map, Value};

/// A step of a path to a removed node: a key of an object, an index of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// A node an operation removed: the operation's index in the patch, and where the node was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Removed {
    pub op: usize,
    pub path: Vec<Seg>,
}

/// The library's `decodePatchKey`.
fn decode_key(k: &str) -> String {
    k.replace("~1", "/").replace("~0", "~")
}

/// Go's `strconv.Atoi`.
fn atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.Atoi: parsing {s:?}: invalid syntax"));
    }
    s.parse()
        .map_err(|_| format!("strconv.Atoi: parsing {s:?}: value out of range"))
}

fn invalid_index(idx: i64) -> String {
    format!("Unable to access invalid index: {idx}")
}

/// The library's `findObject`: the container holding the path's last part, its path, and the
/// (decoded) last part. `None` when a step is missing, `null` or not a container.
fn find_object<'a>(doc: &'a mut Value, path: &str) -> Option<(&'a mut Value, Vec<Seg>, String)> {
    let split: Vec<&str> = path.split('/').collect();
    if split.len() < 2 {
        return None;
    }
    let parts = &split[1..split.len() - 1];
    let key = decode_key(split[split.len() - 1]);
    let mut cur = doc;
    let mut at = Vec::new();
    for part in parts {
        let part = decode_key(part);
        let next = match cur {
            Value::Object(map) => {
                at.push(Seg::Key(part.clone()));
                map.get_mut(&part)
            }
            Value::Array(items) => {
                let len = items.len() as i64;
                let mut idx = atoi(&part).ok()?;
                if idx < 0 {
                    if idx < -len {
                        return None;
                    }
                    idx += len;
                }
                let i = usize::try_from(idx).ok()?;
                at.push(Seg::Index(i));
                items.get_mut(i)
            }
            _ => None,
        }?;
        if !matches!(next, Value::Object(_) | Value::Array(_)) {
            return None;
        }
        cur = next;
    }
    Some((cur, at, key))
}

/// An index of a list for `get`, `set` and `remove` (negative: from the end).
fn existing_index(items: &[Value], key: &str) -> Result<usize, String> {
    let idx = atoi(key)?;
    let len = items.len() as i64;
    let resolved = if idx < 0 {
        if idx < -len {
            return Err(invalid_index(idx));
        }
        idx + len
    } else {
        idx
    };
    if resolved >= len {
        return Err(invalid_index(idx));
    }
    usize::try_from(resolved).map_err(|_| invalid_index(idx))
}

/// The container's `get`: an object's key (`None` when missing: no error), a list's item.
fn get(con: &Value, key: &str) -> Result<Option<Value>, String> {
    match con {
        Value::Object(map) => Ok(map.get(key).cloned()),
        Value::Array(items) => Ok(items.get(existing_index(items, key)?).cloned()),
        _ => Ok(None),
    }
}

/// The container's `add`: an object's key set, an item inserted (`-` appends).
fn add(con: &mut Value, key: &str, val: Value) -> Result<(), String> {
    match con {
        Value::Object(map) => {
            map.insert(key.to_string(), val);
            Ok(())
        }
        Value::Array(items) => {
            if key == "-" {
                items.push(val);
                return Ok(());
            }
            let idx = atoi(key)
                .map_err(|e| format!("value was not a proper array index: '{key}': {e}"))?;
            let size = items.len() as i64 + 1;
            if idx >= size {
                return Err(invalid_index(idx));
            }
            let resolved = if idx < 0 {
                if idx < -size {
                    return Err(invalid_index(idx));
                }
                idx + size
            } else {
                idx
            };
            let i = usize::try_from(resolved).map_err(|_| invalid_index(idx))?;
            items.insert(i, val);
            Ok(())
        }
        _ => Err("not a container".to_string()),
    }
}

/// The container's `remove`, with the step to what it removed.
fn remove(con: &mut Value, key: &str) -> Result<Seg, String> {
    match con {
        Value::Object(map) => match map.shift_remove(key) {
            Some(_) => Ok(Seg::Key(key.to_string())),
            None => Err(format!("Unable to remove nonexistent key: {key}")),
        },
        Value::Array(items) => {
            let i = existing_index(items, key)?;
            items.remove(i);
            Ok(Seg::Index(i))
        }
        _ => Err("not a container".to_string()),
    }
}

/// Values compare as the library compares them (numbers by value).
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}

fn text_field(op: &Map<String, Value>, field: &str) -> Option<String> {
    op.get(field).and_then(Value::as_str).map(str::to_string)
}

/// Applies the operations `ops` (a JSON array) to `doc`, in order; on error `doc` may be
/// partly patched (the caller drops it). Returns what `remove` and `move` took away.
pub(crate) fn apply(doc: &mut Value, ops: &Value) -> Result<Vec<Removed>, String> {
    let Value::Array(ops) = ops else {
        return Err("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    let mut removed = Vec::new();
    for (n, op) in ops.iter().enumerate() {
        let Value::Object(op) = op else {
            return Err(
                "json: cannot unmarshal a non-object into Go value of type jsonpatch.Operation"
                    .into(),
            );
        };
        let kind = text_field(op, "op").unwrap_or_else(|| "unknown".to_string());
        let value = || op.get("value").cloned().unwrap_or(Value::Null);
        let path = text_field(op, "path");
        let from = text_field(op, "from");
        match kind.as_str() {
            "add" => {
                let path = path.ok_or("add operation failed to decode path")?;
                let (con, _, key) = find_object(doc, &path).ok_or_else(|| {
                    format!("add operation does not apply: doc is missing path: \"{path}\"")
                })?;
                add(con, &key, value())
                    .map_err(|e| format!("error in add for path: '{path}': {e}"))?;
            }
            "remove" => {
                let path = path.ok_or("remove operation failed to decode path")?;
                let (con, mut at, key) = find_object(doc, &path).ok_or_else(|| {
                    format!("remove operation does not apply: doc is missing path: \"{path}\"")
                })?;
                let seg = remove(con, &key)
                    .map_err(|e| format!("error in remove for path: '{path}': {e}"))?;
                at.push(seg);
                removed.push(Removed { op: n, path: at });
            }
            "replace" => {
                let path = path.ok_or("replace operation failed to decode path")?;
                if path.is_empty() {
                    let v = value();
                    if !matches!(v, Value::Object(_) | Value::Array(_)) {
                        return Err("replace operation value must be object or array".into());
                    }
                    *doc = v;
                    continue;
                }
                let (con, _, key) = find_object(doc, &path).ok_or_else(|| {
                    format!("replace operation does not apply: doc is missing path: {path}")
                })?;
                match con {
                    // The library's objects "have" every key: a missing one is added.
                    Value::Object(map) => {
                        map.insert(key, value());
                    }
                    Value::Array(items) => {
                        let i = existing_index(items, &key).map_err(|e| {
                            format!(
                                "replace operation does not apply: doc is missing key: {path}: {e}"
                            )
                        })?;
                        items[i] = value();
                    }
                    _ => {}
                }
            }
            "move" => {
                let from = from.ok_or("move operation failed to decode from")?;
                let (con, mut at, key) = find_object(doc, &from).ok_or_else(|| {
                    format!("move operation does not apply: doc is missing from path: {from}")
                })?;
                let val = get(con, &key)
                    .map_err(|e| format!("error in move for path: '{key}': {e}"))?
                    .unwrap_or(Value::Null);
                let seg = remove(con, &key)
                    .map_err(|e| format!("error in move for path: '{key}': {e}"))?;
                at.push(seg);
                removed.push(Removed { op: n, path: at });
                let path = path.ok_or("move operation failed to decode path")?;
                let (con, _, key) = find_object(doc, &path).ok_or_else(|| {
                    format!(
                        "move operation does not apply: doc is missing destination path: {path}"
                    )
                })?;
                add(con, &key, val).map_err(|e| format!("error in move for path: '{key}': {e}"))?;
            }
            "test" => {
                let path = path.ok_or("test operation failed to decode path")?;
                let expected = op.get("value");
                let failed = || format!("testing value {path} failed");
                if path.is_empty() {
                    if expected.is_some_and(|e| equal(doc, e)) {
                        continue;
                    }
                    return Err(failed());
                }
                let (con, _, key) = find_object(doc, &path).ok_or_else(|| {
                    format!("test operation does not apply: is missing path: {path}")
                })?;
                let val = get(con, &key)
                    .map_err(|e| format!("error in test for path: '{path}': {e}"))?
                    .filter(|v| !v.is_null());
                let ok = match (val, expected.filter(|e| !e.is_null())) {
                    (None, None) => true,
                    (Some(v), Some(e)) => equal(&v, e),
                    _ => false,
                };
                if !ok {
                    return Err(failed());
                }
            }
            "copy" => {
                let from = from.ok_or("copy operation failed to decode from")?;
                let (con, _, key) = find_object(doc, &from).ok_or_else(|| {
                    format!("copy operation does not apply: doc is missing from path: {from}")
                })?;
                let val = get(con, &key)
                    .map_err(|e| format!("error in copy for from: '{from}': {e}"))?
                    .unwrap_or(Value::Null);
                let path = path.ok_or("copy operation failed to decode path")?;
                let (con, _, key) = find_object(doc, &path).ok_or_else(|| {
                    format!(
                        "copy operation does not apply: doc is missing destination path: {path}"
                    )
                })?;
                add(con, &key, val)
                    .map_err(|e| format!("error while adding value during copy: {e}"))?;
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(doc: Value, ops: Value) -> Result<Value, String> {
        let mut d = doc;
        apply(&mut d, &ops).map(|_| d)
    }

    #[test]
    fn replace_adds_a_missing_key_but_not_a_missing_parent() {
        let doc = json!({"spec": {"a": 1}});
        assert_eq!(
            run(
                doc.clone(),
                json!([{"op": "replace", "path": "/spec/b", "value": 2}])
            ),
            Ok(json!({"spec": {"a": 1, "b": 2}}))
        );
        let err = run(
            doc.clone(),
            json!([{"op": "replace", "path": "/spec/x/y", "value": 2}]),
        );
        assert!(err.is_err_and(|e| e.contains("doc is missing path")));
        // A list index must exist; negative ones count from the end.
        let list = json!({"l": [1, 2]});
        assert!(run(
            list.clone(),
            json!([{"op": "replace", "path": "/l/2", "value": 3}])
        )
        .is_err());
        assert_eq!(
            run(
                list.clone(),
                json!([{"op": "replace", "path": "/l/-1", "value": 3}])
            ),
            Ok(json!({"l": [1, 3]}))
        );
        assert_eq!(
            run(list, json!([{"op": "add", "path": "/l/-1", "value": 3}])),
            Ok(json!({"l": [1, 2, 3]}))
        );
    }

    #[test]
    fn removals_are_reported_where_they_were() {
        let mut doc = json!({"spec": {"c": [{"name": "a", "p": 1}, {"name": "b"}]}});
        let removed = apply(
            &mut doc,
            &json!([
                {"op": "remove", "path": "/spec/c/0/p"},
                {"op": "remove", "path": "/spec/c/1"}
            ]),
        );
        assert_eq!(
            removed,
            Ok(vec![
                Removed {
                    op: 0,
                    path: vec![
                        Seg::Key("spec".into()),
                        Seg::Key("c".into()),
                        Seg::Index(0),
                        Seg::Key("p".into())
                    ]
                },
                Removed {
                    op: 1,
                    path: vec![Seg::Key("spec".into()), Seg::Key("c".into()), Seg::Index(1)]
                }
            ])
        );
        assert_eq!(doc, json!({"spec": {"c": [{"name": "a"}]}}));
        // Removing what is not there is an error.
        assert!(run(json!({}), json!([{"op": "remove", "path": "/x"}])).is_err());
        assert!(run(json!({}), json!([{"op": "frob", "path": "/x"}])).is_err());
    }
}
