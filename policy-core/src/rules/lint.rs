//! Checks of user policies made once they are parsed and before anything is evaluated, as OPA's
//! compiler makes them:
//!
//! - a call to a function that is neither a built-in of the engine nor defined by a policy is an
//!   error (`undefined function net.lookup_ip_addr`) with its file, line and column, instead of a
//!   failure on every document at evaluation time;
//! - with a capabilities file (conftest's and OPA's `--capabilities`), a call to a built-in the
//!   file does not list is the same error;
//! - in strict mode (`--strict`), OPA's strict-mode errors: unused `:=` variables, unused `some`
//!   declarations, unused function arguments, duplicate and unused imports, and calls of OPA's
//!   deprecated built-ins (regorus itself refuses assignments that shadow `input` or `data`).

use std::collections::{BTreeMap, BTreeSet};

use regorus::unstable::{
    ArithOp, AssignOp, BinOp, BoolOp, Expr, Literal, Module, Query, Ref, Rule, RuleHead, Span,
};

use crate::source::LoadError;

/// The built-ins a capabilities file allows (its `builtins[].name`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// Names of the allowed built-in functions (`count`, `http.send`, `equal`, …).
    pub builtins: BTreeSet<String>,
}

impl Capabilities {
    /// Reads an OPA capabilities JSON document (`{"builtins": [{"name": …}, …], …}`).
    pub fn from_json(file: &str, text: &str) -> Result<Capabilities, LoadError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| LoadError {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message: format!("capabilities: {e}"),
            excerpt: crate::source::line_text(text, e.line()),
            ..LoadError::default()
        })?;
        let Some(list) = value.get("builtins").and_then(|b| b.as_array()) else {
            return Err(LoadError::whole_file(
                file,
                "capabilities: no `builtins` array (expected OPA's capabilities JSON)",
            ));
        };
        let mut builtins = BTreeSet::new();
        for b in list {
            match b.get("name").and_then(|n| n.as_str()) {
                Some(name) => {
                    builtins.insert(name.to_string());
                }
                None => {
                    return Err(LoadError::whole_file(
                        file,
                        "capabilities: a `builtins` entry has no `name`",
                    ))
                }
            }
        }
        Ok(Capabilities { builtins })
    }
}

/// What to check beyond undefined functions.
pub(crate) struct LintOptions<'a> {
    pub strict: bool,
    pub capabilities: Option<&'a Capabilities>,
    /// Functions added to the engine as extensions (conftest's `parse_config`, …).
    pub extensions: &'a [&'a str],
}

/// OPA built-ins that reach the network, which Tollgate leaves out on purpose.
const NETWORK: &[&str] = &["http.send", "net.lookup_ip_addr"];

/// Built-ins OPA deprecated: its strict mode rejects them. regorus has none of them; Tollgate
/// adds the common ones (`re_match`, `any`, `all`, `set_diff`, see `deprecated_builtins`).
const DEPRECATED: &[&str] = &[
    "any",
    "all",
    "re_match",
    "net.cidr_overlap",
    "set_diff",
    "cast_array",
    "cast_set",
    "cast_string",
    "cast_boolean",
    "cast_null",
    "cast_object",
];

/// Checks the modules whose file is one of `files`; the other modules (the built-in pack) only
/// provide the functions they define.
pub(crate) fn check(
    modules: &[Ref<Module>],
    files: &BTreeSet<String>,
    options: &LintOptions<'_>,
) -> Vec<LoadError> {
    let functions = defined_functions(modules);
    let mut out = Vec::new();
    for module in modules {
        let file = module.package.span.source.file();
        if !files.contains(file.as_str()) {
            continue;
        }
        let mut issues: Vec<(Span, String)> = Vec::new();
        check_calls(module, &functions, options, &mut issues);
        if options.strict {
            strict_module(module, &mut issues);
        }
        issues.sort_by(|a, b| (a.0.line, a.0.col, &a.1).cmp(&(b.0.line, b.0.col, &b.1)));
        issues.dedup_by(|a, b| (a.0.line, a.0.col, &a.1) == (b.0.line, b.0.col, &b.1));
        for (span, message) in issues {
            out.push(LoadError {
                file: file.clone(),
                line: span.line as usize,
                column: char_column(&span),
                message: format!("Rego: {message}"),
                excerpt: crate::source::line_text(span.source.contents(), span.line as usize),
                ..LoadError::default()
            });
        }
    }
    out
}

/// The 1-based column of a span's start in characters (regorus counts a tab as four columns).
fn char_column(span: &Span) -> usize {
    let text = span.source.contents();
    let start = (span.start as usize).min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    text.get(line_start..start)
        .map_or(span.col as usize, |prefix| prefix.chars().count() + 1)
}

/// `data.pkg.f` for every function rule (`f(x) if …`, `default f(_) := …`) of every module.
fn defined_functions(modules: &[Ref<Module>]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for module in modules {
        let Some(package) = dotted(&module.package.refr) else {
            continue;
        };
        for rule in &module.policy {
            let refr = match rule.as_ref() {
                Rule::Spec {
                    head: RuleHead::Func { refr, .. },
                    ..
                } => refr,
                Rule::Default { refr, args, .. } if !args.is_empty() => refr,
                _ => continue,
            };
            if let Some(name) = dotted(refr) {
                out.insert(format!("data.{package}.{name}"));
            }
        }
    }
    out
}

/// `a.b.c` for a variable or a chain of field references on one.
fn dotted(e: &Expr) -> Option<String> {
    match e {
        Expr::Var { span, .. } => Some(span.text().to_string()),
        Expr::RefDot { refr, field, .. } => {
            let base = dotted(refr)?;
            Some(format!("{base}.{}", field.1.as_string().ok()?))
        }
        Expr::RefBrack { refr, index, .. } => match index.as_ref() {
            Expr::String { value, .. } => {
                Some(format!("{}.{}", dotted(refr)?, value.as_string().ok()?))
            }
            _ => None,
        },
        _ => None,
    }
}

fn var_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Var { span, .. } => Some(span.text()),
        _ => None,
    }
}

/// Calls `f` on `e` and every expression inside it, comprehension bodies included.
fn walk_expr(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    match e {
        Expr::Array { items, .. } | Expr::Set { items, .. } => {
            items.iter().for_each(|i| walk_expr(i, f))
        }
        Expr::Object { fields, .. } => {
            for (_, k, v) in fields {
                walk_expr(k, f);
                walk_expr(v, f);
            }
        }
        Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
            walk_expr(term, f);
            walk_query(query, f);
        }
        Expr::ObjectCompr {
            key, value, query, ..
        } => {
            walk_expr(key, f);
            walk_expr(value, f);
            walk_query(query, f);
        }
        Expr::Call { fcn, params, .. } => {
            walk_expr(fcn, f);
            params.iter().for_each(|p| walk_expr(p, f));
        }
        Expr::UnaryExpr { expr, .. } => walk_expr(expr, f),
        Expr::RefDot { refr, .. } => walk_expr(refr, f),
        Expr::RefBrack { refr, index, .. } => {
            walk_expr(refr, f);
            walk_expr(index, f);
        }
        Expr::BinExpr { lhs, rhs, .. }
        | Expr::BoolExpr { lhs, rhs, .. }
        | Expr::ArithExpr { lhs, rhs, .. }
        | Expr::AssignExpr { lhs, rhs, .. } => {
            walk_expr(lhs, f);
            walk_expr(rhs, f);
        }
        Expr::Membership {
            key,
            value,
            collection,
            ..
        } => {
            if let Some(k) = key {
                walk_expr(k, f);
            }
            walk_expr(value, f);
            walk_expr(collection, f);
        }
        _ => {}
    }
}

fn walk_query(q: &Query, f: &mut dyn FnMut(&Expr)) {
    for stmt in &q.stmts {
        match &stmt.literal {
            Literal::SomeVars { .. } => {}
            Literal::SomeIn {
                key,
                value,
                collection,
                ..
            } => {
                if let Some(k) = key {
                    walk_expr(k, f);
                }
                walk_expr(value, f);
                walk_expr(collection, f);
            }
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => walk_expr(expr, f),
            Literal::Every { domain, query, .. } => {
                walk_expr(domain, f);
                walk_query(query, f);
            }
        }
        for w in &stmt.with_mods {
            walk_expr(&w.refr, f);
            walk_expr(&w.r#as, f);
        }
    }
}

/// Every expression of a rule: its head, each body's query and `else` value.
fn walk_rule(rule: &Rule, f: &mut dyn FnMut(&Expr)) {
    match rule {
        Rule::Spec { head, bodies, .. } => {
            walk_head(head, f);
            if let RuleHead::Func { args, .. } = head {
                args.iter().for_each(|a| walk_expr(a, f));
            }
            for body in bodies {
                if let Some(a) = &body.assign {
                    walk_expr(&a.value, f);
                }
                walk_query(&body.query, f);
            }
        }
        Rule::Default {
            refr, args, value, ..
        } => {
            walk_expr(refr, f);
            args.iter().for_each(|a| walk_expr(a, f));
            walk_expr(value, f);
        }
    }
}

/// The built-in an operator calls, by OPA's name for it.
fn operator_name(e: &Expr) -> Option<&'static str> {
    Some(match e {
        Expr::BoolExpr { op, .. } => match op {
            BoolOp::Lt => "lt",
            BoolOp::Le => "lte",
            BoolOp::Eq => "equal",
            BoolOp::Ge => "gte",
            BoolOp::Gt => "gt",
            BoolOp::Ne => "neq",
        },
        Expr::ArithExpr { op, .. } => match op {
            ArithOp::Add => "plus",
            ArithOp::Sub => "minus",
            ArithOp::Mul => "mul",
            ArithOp::Div => "div",
            ArithOp::Mod => "rem",
        },
        Expr::BinExpr { op, .. } => match op {
            BinOp::Intersection => "and",
            BinOp::Union => "or",
        },
        Expr::AssignExpr {
            op: AssignOp::Eq, ..
        } => "eq",
        Expr::Membership { key: None, .. } => "internal.member_2",
        Expr::Membership { key: Some(_), .. } => "internal.member_3",
        _ => return None,
    })
}

/// Where an expression starts: regorus' span of a reference or an infix expression starts at
/// its operator (`.`, `+`, `in`), so the leftmost operand's span is taken.
fn span_of(e: &Expr) -> &Span {
    match e {
        Expr::RefDot { refr, .. } | Expr::RefBrack { refr, .. } => span_of(refr),
        Expr::Call { fcn, .. } => span_of(fcn),
        Expr::BinExpr { lhs, .. }
        | Expr::BoolExpr { lhs, .. }
        | Expr::ArithExpr { lhs, .. }
        | Expr::AssignExpr { lhs, .. } => span_of(lhs),
        Expr::Membership { key: Some(key), .. } => span_of(key),
        Expr::Membership { value, .. } => span_of(value),
        _ => e.span(),
    }
}

/// Import aliases of a module: `k8s` → `data.lib.k8s`.
fn imports(module: &Module) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for import in &module.imports {
        let Some(path) = dotted(&import.refr) else {
            continue;
        };
        let alias = match &import.r#as {
            Some(span) => span.text().to_string(),
            None => path.rsplit('.').next().unwrap_or(&path).to_string(),
        };
        out.insert(alias, path);
    }
    out
}

fn check_calls(
    module: &Module,
    functions: &BTreeSet<String>,
    options: &LintOptions<'_>,
    issues: &mut Vec<(Span, String)>,
) {
    let package = dotted(&module.package.refr).unwrap_or_default();
    let aliases = imports(module);
    let user_function = |name: &str| {
        let (first, rest) = name.split_once('.').unwrap_or((name, ""));
        let full = if first == "data" {
            name.to_string()
        } else if let Some(path) = aliases.get(first) {
            if rest.is_empty() {
                path.clone()
            } else {
                format!("{path}.{rest}")
            }
        } else {
            format!("data.{package}.{name}")
        };
        if functions.contains(&full) {
            return true;
        }
        // A name this resolution misses (a function of a package this module's imports reach
        // in a way not modelled here) is not reported unless no policy defines it at all.
        let last = name.rsplit('.').next().unwrap_or(name);
        functions.iter().any(|f| f.rsplit('.').next() == Some(last))
    };
    let builtin = |name: &str| {
        regorus::unstable::BUILTINS.contains_key(name)
            || name == "print"
            || options.extensions.contains(&name)
    };
    for rule in &module.policy {
        walk_rule(rule, &mut |e| {
            let (name, span) = match e {
                Expr::Call { fcn, .. } => match dotted(fcn) {
                    Some(name) => (name, span_of(fcn).clone()),
                    None => return,
                },
                _ => match (options.capabilities, operator_name(e)) {
                    (Some(_), Some(op)) => (op.to_string(), span_of(e).clone()),
                    _ => return,
                },
            };
            if matches!(e, Expr::Call { .. }) && user_function(&name) {
                return;
            }
            let allowed = match options.capabilities {
                Some(caps) => caps.builtins.contains(&name),
                None => builtin(&name),
            };
            if !allowed {
                let why = if options.capabilities.is_some() {
                    "not in the capabilities file"
                } else if NETWORK.contains(&name.as_str()) {
                    "Tollgate runs without the network, so it has no network built-ins"
                } else if DEPRECATED.contains(&name.as_str()) {
                    "deprecated in OPA, and not provided by Tollgate's Rego engine (regorus)"
                } else {
                    "not a built-in of Tollgate's Rego engine (regorus) nor defined by a policy"
                };
                issues.push((span.clone(), format!("undefined function {name} ({why})")));
            } else if options.strict && DEPRECATED.contains(&name.as_str()) {
                issues.push((
                    span.clone(),
                    format!("deprecated built-in function {name} (strict mode)"),
                ));
            }
        });
    }
}

/// OPA's strict-mode checks of one module.
fn strict_module(module: &Module, issues: &mut Vec<(Span, String)>) {
    // Imports: duplicates, and those never referred to.
    let mut seen: BTreeMap<String, ()> = BTreeMap::new();
    let mut used_names = BTreeSet::new();
    for rule in &module.policy {
        walk_rule(rule, &mut |e| {
            if let Some(n) = var_name(e) {
                used_names.insert(n.to_string());
            }
        });
    }
    for import in &module.imports {
        let Some(path) = dotted(&import.refr) else {
            continue;
        };
        if path == "rego.v1" || path.starts_with("future.") {
            continue;
        }
        let alias = match &import.r#as {
            Some(span) => span.text().to_string(),
            None => path.rsplit('.').next().unwrap_or(&path).to_string(),
        };
        if seen.insert(alias.clone(), ()).is_some() {
            issues.push((
                import.span.clone(),
                format!("import must not shadow import {alias} (strict mode)"),
            ));
        } else if !used_names.contains(&alias) {
            issues.push((
                import.span.clone(),
                format!("import {path} unused (strict mode)"),
            ));
        }
    }
    for rule in &module.policy {
        let Rule::Spec { head, bodies, .. } = rule.as_ref() else {
            continue;
        };
        // Function arguments used by none of the bodies nor the head's value.
        if let RuleHead::Func { args, assign, .. } = head {
            for arg in args {
                let Some(name) = var_name(arg) else { continue };
                if name == "_" {
                    continue;
                }
                let mut uses = 0;
                let mut count = |e: &Expr| {
                    if var_name(e) == Some(name) {
                        uses += 1;
                    }
                };
                if let Some(a) = assign {
                    walk_expr(&a.value, &mut count);
                }
                for body in bodies {
                    if let Some(a) = &body.assign {
                        walk_expr(&a.value, &mut count);
                    }
                    walk_query(&body.query, &mut count);
                }
                if uses == 0 {
                    issues.push((span_of(arg).clone(), format!("unused argument {name}")));
                }
            }
        }
        // Local variables (`:=` and `some`) used nowhere else in their body or the head.
        for body in bodies {
            let mut defined: Vec<(String, Span)> = Vec::new();
            let mut declared: Vec<(String, Span)> = Vec::new();
            collect_locals(&body.query, &mut defined, &mut declared);
            if defined.is_empty() && declared.is_empty() {
                continue;
            }
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            let mut count = |e: &Expr| {
                if let Some(n) = var_name(e) {
                    *counts.entry(n.to_string()).or_default() += 1;
                }
            };
            walk_head(head, &mut count);
            if let Some(a) = &body.assign {
                walk_expr(&a.value, &mut count);
            }
            walk_query(&body.query, &mut count);
            let mut definitions: BTreeMap<&str, usize> = BTreeMap::new();
            for (name, _) in &defined {
                *definitions.entry(name.as_str()).or_default() += 1;
            }
            for (name, span) in &defined {
                if name == "_" || name == "input" || name == "data" {
                    continue;
                }
                let total = counts.get(name).copied().unwrap_or(0);
                if total <= definitions.get(name.as_str()).copied().unwrap_or(0) {
                    issues.push((span.clone(), format!("assigned var {name} unused")));
                }
            }
            for (name, span) in &declared {
                if counts.get(name).copied().unwrap_or(0) == 0 {
                    issues.push((span.clone(), format!("declared var {name} unused")));
                }
            }
        }
    }
}

fn walk_head(head: &RuleHead, f: &mut dyn FnMut(&Expr)) {
    match head {
        RuleHead::Compr { refr, assign, .. } => {
            walk_expr(refr, f);
            if let Some(a) = assign {
                walk_expr(&a.value, f);
            }
        }
        RuleHead::Set { refr, key, .. } => {
            walk_expr(refr, f);
            if let Some(k) = key {
                walk_expr(k, f);
            }
        }
        RuleHead::Func { refr, assign, .. } => {
            walk_expr(refr, f);
            if let Some(a) = assign {
                walk_expr(&a.value, f);
            }
        }
    }
}

/// Variables a query (and the comprehensions in it) assigns with `:=` and declares with `some`.
fn collect_locals(
    q: &Query,
    defined: &mut Vec<(String, Span)>,
    declared: &mut Vec<(String, Span)>,
) {
    for stmt in &q.stmts {
        if let Literal::SomeVars { vars, .. } = &stmt.literal {
            for v in vars {
                declared.push((v.text().to_string(), v.clone()));
            }
        }
    }
    let mut nested: Vec<Ref<Query>> = Vec::new();
    walk_query(q, &mut |e| match e {
        Expr::AssignExpr {
            op: AssignOp::ColEq,
            lhs,
            ..
        } => walk_expr(lhs, &mut |v| {
            if let Expr::Var { span, .. } = v {
                defined.push((span.text().to_string(), span.clone()));
            }
        }),
        Expr::ArrayCompr { query, .. }
        | Expr::SetCompr { query, .. }
        | Expr::ObjectCompr { query, .. } => nested.push(query.clone()),
        _ => {}
    });
    // `some` inside comprehensions.
    for q in nested {
        for stmt in &q.stmts {
            if let Literal::SomeVars { vars, .. } = &stmt.literal {
                for v in vars {
                    declared.push((v.text().to_string(), v.clone()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::PolicySource;

    fn lint(files: &[(&str, &str)], strict: bool, caps: Option<&Capabilities>) -> Vec<String> {
        let mut engine = regorus::Engine::new();
        let mut names = BTreeSet::new();
        for (name, text) in files {
            engine
                .add_policy(name.to_string(), text.to_string())
                .unwrap_or_else(|e| panic!("{e}"));
            names.insert(name.to_string());
        }
        let options = LintOptions {
            strict,
            capabilities: caps,
            extensions: &["parse_config", "any"],
        };
        check(engine.get_modules(), &names, &options)
            .iter()
            .map(|e| format!("{}:{}:{}: {}", e.file, e.line, e.column, e.message))
            .collect()
    }

    #[test]
    fn calls_resolve_to_builtins_extensions_and_policy_functions() {
        let lib = "package lib.k8s\nimport rego.v1\n\nis_pod(d) if d.kind == \"Pod\"\n";
        let main = "package main\nimport rego.v1\nimport data.lib.k8s\nimport data.lib.k8s as kube\n\nlocal(x) := upper(x)\n\ndeny contains msg if {\n\tk8s.is_pod(input)\n\tkube.is_pod(input)\n\tdata.lib.k8s.is_pod(input)\n\tmsg := local(sprintf(\"%v\", [parse_config(\"yaml\", \"a: 1\"), yaml.unmarshal(\"b: 2\")]))\n\tprint(msg)\n\tnot nosuch.fn(msg)\n}\n";
        assert_eq!(
            lint(&[("lib.rego", lib), ("main.rego", main)], false, None),
            vec!["main.rego:14:6: Rego: undefined function nosuch.fn (not a built-in of Tollgate's Rego engine (regorus) nor defined by a policy)"]
        );
    }

    #[test]
    fn capabilities_cover_operators_and_calls() {
        let main = "package main\nimport rego.v1\n\ndeny contains msg if {\n\tinput.a + 1 > 2\n\t\"x\" in input.list\n\tmsg := concat(\",\", [\"a\"])\n}\n";
        let caps = Capabilities::from_json("c.json", r#"{"builtins": [{"name": "gt"}]}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            lint(&[("main.rego", main)], false, Some(&caps)),
            vec![
                "main.rego:5:2: Rego: undefined function plus (not in the capabilities file)",
                "main.rego:6:3: Rego: undefined function internal.member_2 (not in the capabilities file)",
                "main.rego:7:9: Rego: undefined function concat (not in the capabilities file)",
            ]
        );
    }

    #[test]
    fn strict_mode_checks() {
        let main = "package main\nimport rego.v1\nimport data.unused\nimport data.a.dup\nimport data.b.dup\n\nf(x, _) := 1\n\ng(x) := x\n\ndeny contains msg if {\n\tsome k\n\tv := [y | y := 1]\n\tany([true])\n\tcast_set([1])\n\tmsg := dup.m\n}\n";
        let errors = lint(&[("main.rego", main)], true, None);
        let expected = [
            "main.rego:3:1: Rego: import data.unused unused (strict mode)",
            "main.rego:5:1: Rego: import must not shadow import dup (strict mode)",
            "main.rego:7:3: Rego: unused argument x",
            "main.rego:12:7: Rego: declared var k unused",
            "main.rego:13:2: Rego: assigned var v unused",
            "main.rego:14:2: Rego: deprecated built-in function any (strict mode)",
            "main.rego:15:2: Rego: undefined function cast_set (deprecated in OPA, and not provided by Tollgate's Rego engine (regorus))",
        ];
        assert_eq!(errors, expected);
        // Not in strict mode: only the undefined function.
        assert_eq!(lint(&[("main.rego", main)], false, None).len(), 1);
    }

    /// The built-in pack passes OPA's strict mode (and `tollgate test --strict rules/`).
    #[test]
    fn builtin_pack_is_strict_clean() {
        let sources = PolicySource::builtin();
        let files: Vec<(&str, &str)> = sources
            .iter()
            .map(|s| (s.name.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(lint(&files, true, None), Vec::<String>::new());
    }
}
