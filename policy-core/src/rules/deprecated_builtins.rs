//! OPA's deprecated built-ins that real policies still call and regorus does not provide:
//! `re_match` (now `regex.match`), `any` and `all` (now `some … in` / `every`), and `set_diff`
//! (now `a - b`). OPA evaluates them outside strict mode, so Tollgate does too; in strict mode
//! calling one is an error, as in OPA (see `lint`).

use regorus::Value;

/// The functions [`install`] adds.
pub(crate) const NAMES: &[&str] = &["re_match", "any", "all", "set_diff"];

fn booleans(name: &str, v: Option<&Value>) -> anyhow::Result<Vec<bool>> {
    let items: Vec<&Value> = match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Set(s)) => s.iter().collect(),
        _ => anyhow::bail!("{name}: argument must be an array or a set"),
    };
    Ok(items.into_iter().map(|v| v == &Value::Bool(true)).collect())
}

/// Adds the functions to `engine`. A failure is undefined unless `strict` (as built-ins are).
pub(crate) fn install(engine: &mut regorus::Engine, strict: bool) -> anyhow::Result<()> {
    let lenient = move |r: anyhow::Result<Value>| match r {
        Err(_) if !strict => Ok(Value::Undefined),
        other => other,
    };
    engine.add_extension(
        "re_match".to_string(),
        2,
        Box::new(move |args: Vec<Value>| {
            lenient((|| {
                let pattern = args
                    .first()
                    .and_then(|v| v.as_string().ok())
                    .ok_or_else(|| anyhow::anyhow!("re_match: pattern must be a string"))?;
                let value = args
                    .get(1)
                    .and_then(|v| v.as_string().ok())
                    .ok_or_else(|| anyhow::anyhow!("re_match: value must be a string"))?;
                // The same size limits as regorus' regex.match.
                let re = regex::RegexBuilder::new(pattern)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| anyhow::anyhow!("re_match: {e}"))?;
                Ok(Value::Bool(re.is_match(value)))
            })())
        }),
    )?;
    engine.add_extension(
        "any".to_string(),
        1,
        Box::new(move |args: Vec<Value>| {
            lenient(booleans("any", args.first()).map(|b| Value::Bool(b.iter().any(|x| *x))))
        }),
    )?;
    engine.add_extension(
        "all".to_string(),
        1,
        Box::new(move |args: Vec<Value>| {
            lenient(booleans("all", args.first()).map(|b| Value::Bool(b.iter().all(|x| *x))))
        }),
    )?;
    engine.add_extension(
        "set_diff".to_string(),
        2,
        Box::new(move |args: Vec<Value>| {
            lenient(match (args.first(), args.get(1)) {
                (Some(Value::Set(a)), Some(Value::Set(b))) => Ok(Value::from(
                    a.iter()
                        .filter(|v| !b.contains(v))
                        .cloned()
                        .collect::<std::collections::BTreeSet<Value>>(),
                )),
                _ => Err(anyhow::anyhow!("set_diff: arguments must be sets")),
            })
        }),
    )?;
    Ok(())
}
