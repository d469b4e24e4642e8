//! Tests of the template engine: golden cases rendered by the real Helm engine
//! (`testdata/helm/engine/`, rebuilt by its `regenerate.sh`), marks, limits and errors.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::{strip_no_value, Limits, Templates};
use crate::render::helm::funcs::FuncState;
use crate::render::helm::value::{Dict, Map, MarkKind, Value};
use crate::source::{yaml::parse_yaml, SourceFile, Span};

fn engine_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/helm/engine")
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    let m: Map = entries
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    Value::Map(Dict::new(m), None)
}

/// The data Helm passes: `.Values` from `values.yaml` (global base `base`) and `.Release`.
fn dot_with_values(text: &str, base: usize) -> Value {
    let file = SourceFile::new("values.yaml", "values.yaml", text.to_string());
    let docs = parse_yaml(&file, &crate::source::Limits::default()).expect("values.yaml parses");
    let values = docs
        .first()
        .map(|n| Value::from_node(n, base))
        .unwrap_or_else(Value::empty_map);
    map(vec![
        ("Values", values),
        (
            "Release",
            map(vec![
                ("Name", Value::str("release-name")),
                ("Namespace", Value::str("default")),
            ]),
        ),
    ])
}

fn case_name(c: &str) -> String {
    format!("engine/templates/{c}.yaml")
}

#[test]
fn golden_cases_match_helm() {
    let dir = engine_dir();
    let values = std::fs::read_to_string(dir.join("values.yaml")).expect("values.yaml");
    let dot = dot_with_values(&values, 0);
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .expect("engine dir")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            (p.extension()? == "tpl").then(|| p.file_stem()?.to_str().map(String::from))?
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} cases", cases.len());

    // The cases that succeed share one namespace, as the templates of one chart.
    let mut ok = Templates::new(Limits::default());
    let mut base = values.len() + 1;
    let mut failures = Vec::new();
    for c in cases.iter().filter(|c| !c.starts_with("err_")) {
        let text = std::fs::read_to_string(dir.join(format!("{c}.tpl"))).expect("case");
        if let Err(e) = ok.add(&case_name(c), &text, base) {
            failures.push(format!("{c}: parse error: {e}"));
        }
        base += text.len() + 1;
    }
    let mut passed = 0;
    for c in &cases {
        let text = std::fs::read_to_string(dir.join(format!("{c}.tpl"))).expect("case");
        if let Some(stripped) = c.strip_prefix("err_") {
            let _ = stripped;
            let want = std::fs::read_to_string(dir.join(format!("{c}.err")))
                .unwrap_or_else(|_| panic!("{c}.err missing: run regenerate.sh"));
            let want = want.trim_end();
            let mut t = Templates::new(Limits::default());
            let got = match t.add(&case_name(c), &text, base) {
                Err(e) => Err(e),
                Ok(()) => t.execute(&case_name(c), &dot, &mut FuncState::default()),
            };
            match got {
                Err(e) if e.message.contains(want) => passed += 1,
                Err(e) => {
                    failures.push(format!("{c}: error\n  got:  {}\n  want: {want}", e.message))
                }
                Ok(s) => {
                    failures.push(format!("{c}: rendered {:?}, want error {want}", s.as_str()))
                }
            }
            continue;
        }
        let want = std::fs::read_to_string(dir.join(format!("{c}.out")))
            .unwrap_or_else(|_| panic!("{c}.out missing: run regenerate.sh"));
        match ok.execute(&case_name(c), &dot, &mut FuncState::default()) {
            Ok(s) => {
                let got = strip_no_value(&s);
                if got.as_str() == want {
                    passed += 1;
                } else {
                    failures.push(format!(
                        "{c}:\n  got:  {:?}\n  want: {want:?}",
                        got.as_str()
                    ));
                }
            }
            Err(e) => failures.push(format!("{c}: error {}", e.message)),
        }
    }
    assert!(
        failures.is_empty(),
        "{passed}/{} golden cases pass; failures:\n{}",
        cases.len(),
        failures.join("\n")
    );
}

fn render(text: &str) -> Result<String, String> {
    let mut t = Templates::new(Limits::default());
    t.add("t", text, 0).map_err(|e| e.message)?;
    t.execute("t", &map(vec![]), &mut FuncState::default())
        .map(|s| s.as_str().to_string())
        .map_err(|e| e.message)
}

#[test]
fn text_and_action_marks() {
    let values = "name: demo\nport: 8080\n";
    let dot = dot_with_values(values, 1000);
    let text = "ab{{ .Values.name }}cd{{ .Values.port }}";
    let base = 2000;
    let mut t = Templates::new(Limits::default());
    t.add("t", text, base).expect("parses");
    let out = t
        .execute("t", &dot, &mut FuncState::default())
        .expect("runs");
    assert_eq!(out.as_str(), "abdemocd8080");
    let marks: Vec<_> = out.marks.iter().copied().collect();
    // Text "ab": bytes 0..2 map to the template's bytes 0..2.
    assert_eq!(
        (marks[0].start, marks[0].end, marks[0].kind),
        (0, 2, MarkKind::Text)
    );
    assert_eq!(marks[0].span, Span::new(base, base + 2));
    // "demo": an Action mark for the whole action and a Value mark for the values node.
    let action = marks
        .iter()
        .find(|m| m.kind == MarkKind::Action && m.start == 2)
        .expect("action mark");
    assert_eq!(action.end, 6);
    assert_eq!(action.span, Span::new(base + 2, base + 20));
    let value = marks
        .iter()
        .find(|m| m.kind == MarkKind::Value && m.start == 2)
        .expect("value mark");
    assert_eq!(value.end, 6);
    let node = &values[value.span.start - 1000..value.span.end - 1000];
    assert_eq!(node, "demo");
    // Text "cd" maps to template bytes 20..22.
    let cd = marks
        .iter()
        .find(|m| m.kind == MarkKind::Text && m.start == 6)
        .expect("text mark");
    assert_eq!(cd.span, Span::new(base + 20, base + 22));
    // The float 8080 printed by an action keeps a Value mark.
    let port = marks
        .iter()
        .find(|m| m.kind == MarkKind::Value && m.start == 8)
        .expect("value mark of a float");
    assert_eq!(
        &values[port.span.start - 1000..port.span.end - 1000],
        "8080"
    );
    // Sorted by start; Text and Action marks never overlap.
    assert!(marks.windows(2).all(|w| w[0].start <= w[1].start));
    let ta: Vec<_> = marks.iter().filter(|m| m.kind != MarkKind::Value).collect();
    assert!(ta.windows(2).all(|w| w[0].end <= w[1].start));
    assert_eq!(ta.iter().map(|m| m.end - m.start).sum::<u32>(), 12);
}

#[test]
fn include_keeps_inner_marks() {
    let mut t = Templates::new(Limits::default());
    let text = "{{ define \"x\" }}hi {{ 1 }}{{ end }}[{{ include \"x\" . }}]";
    t.add("t", text, 0).expect("parses");
    let out = t
        .execute("t", &map(vec![]), &mut FuncState::default())
        .expect("runs");
    assert_eq!(out.as_str(), "[hi 1]");
    let text_hi = out
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Text && m.start == 1)
        .expect("inner text mark");
    assert_eq!(&text[text_hi.span.start..text_hi.span.end], "hi ");
    let inner = out
        .marks
        .iter()
        .find(|m| m.kind == MarkKind::Action && m.start == 4)
        .expect("inner action mark");
    assert_eq!(&text[inner.span.start..inner.span.end], "{{ 1 }}");
}

#[test]
fn include_recursion_is_an_error_not_an_overflow() {
    let err =
        render("{{define \"a\"}}{{include \"a\" .}}{{end}}{{ include \"a\" . }}").unwrap_err();
    assert!(
        err.contains(
            "rendering template has a nested reference name: a: unable to execute template"
        ),
        "{}",
        &err[err.len().saturating_sub(300)..]
    );
    let err =
        render("{{define \"b\"}}{{template \"b\" .}}{{end}}{{ template \"b\" . }}").unwrap_err();
    assert!(err.contains("exceeded maximum template depth"), "{err}");
}

#[test]
fn deep_nesting_is_a_parse_error() {
    let deep = format!("{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
    let err = render(&deep).unwrap_err();
    assert!(err.contains("max expression depth exceeded"), "{err}");
    let ifs = format!("{}x{}", "{{ if 1 }}".repeat(5000), "{{ end }}".repeat(5000));
    let err = render(&ifs).unwrap_err();
    assert!(err.contains("max expression depth exceeded"), "{err}");
}

#[test]
fn parse_error_positions() {
    let mut t = Templates::new(Limits::default());
    let e = t.add("t", "line1\n{{ .x }\n", 500).unwrap_err();
    assert_eq!(e.message, "unexpected \"}\" in operand");
    assert_eq!(e.span.start, 500 + 12);
    assert_eq!(e.template, "t");
    let e = t.add("u", "ok\n{{ nosuchfunc 1 }}", 0).unwrap_err();
    assert_eq!(e.message, "function \"nosuchfunc\" not defined");
    assert_eq!(e.span.start, 6);
}

#[test]
fn exec_error_spans_and_messages() {
    let mut t = Templates::new(Limits::default());
    let text = "x\n  {{ .Values.missing.y }}";
    t.add("f.yaml", text, 100).expect("parses");
    let dot = map(vec![("Values", map(vec![]))]);
    let e = t
        .execute("f.yaml", &dot, &mut FuncState::default())
        .unwrap_err();
    assert_eq!(
        e.message,
        "executing \"f.yaml\" at <.Values.missing.y>: nil pointer evaluating interface {}.y"
    );
    assert_eq!(e.template, "f.yaml");
    // Go points at the field chain (from its second field, as Go does).
    assert_eq!(&text[e.span.start - 100..e.span.end - 100], ".missing.y");
}

#[test]
fn later_definitions_replace_earlier_ones() {
    let mut t = Templates::new(Limits::default());
    t.add("a.yaml", "{{ block \"x\" . }}default{{ end }}", 0)
        .expect("a");
    assert_eq!(
        t.execute("a.yaml", &map(vec![]), &mut FuncState::default())
            .expect("runs")
            .as_str(),
        "default"
    );
    t.add("b.yaml", "{{ define \"x\" }}override{{ end }}", 100)
        .expect("b");
    t.add("c.yaml", "{{ define \"x\" }}  {{ end }}", 200)
        .expect("c");
    assert!(t.has("x") && t.has("a.yaml") && !t.has("nope"));
    assert_eq!(
        t.execute("a.yaml", &map(vec![]), &mut FuncState::default())
            .expect("runs")
            .as_str(),
        "override"
    );
}

#[test]
fn output_and_time_limits() {
    let limits = Limits {
        max_output_bytes: 1000,
        ..Limits::default()
    };
    let mut t = Templates::new(limits);
    t.add("t", "{{ range 10000 }}xxxxxxxxxx{{ end }}", 0)
        .expect("parses");
    let e = t
        .execute("t", &map(vec![]), &mut FuncState::default())
        .unwrap_err();
    assert!(e.message.contains("exceeds the limit"), "{}", e.message);

    let limits = Limits {
        timeout: Duration::from_millis(50),
        ..Limits::default()
    };
    let mut t = Templates::new(limits);
    t.add("t", "{{ range 1000000000 }}{{ end }}", 0)
        .expect("parses");
    let e = t
        .execute("t", &map(vec![]), &mut FuncState::default())
        .unwrap_err();
    assert!(e.message.contains("longer than the limit"), "{}", e.message);
}

#[test]
fn templates_are_send_and_sync() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Templates>();
    let _ = Arc::new(Templates::new(Limits::default()));
}

/// The error of rendering `text` with a value limit of `limit` bytes.
fn render_error_with_limit(text: &str, limit: usize) -> String {
    let limits = Limits {
        max_value_bytes: limit,
        ..Limits::default()
    };
    let mut t = Templates::new(limits);
    t.add("t", text, 0).expect("parses");
    match t.execute("t", &map(vec![]), &mut FuncState::default()) {
        Ok(s) => panic!("{text}: rendered {} bytes", s.as_str().len()),
        Err(e) => e.message,
    }
}

const DAG_DICT: &str =
    "{{ $d := dict \"a\" 1 }}{{ range until 60 }}{{ $d = dict \"l\" $d \"r\" $d }}{{ end }}";
const DAG_LIST: &str = "{{ $l := list 1 }}{{ range until 60 }}{{ $l = list $l $l }}{{ end }}";

#[test]
fn to_yaml_of_a_shared_dict_stops_at_the_value_limit() {
    let err = render(&format!("{DAG_DICT}{{{{ toYaml $d }}}}")).unwrap_err();
    assert!(
        err.ends_with(
            "error calling toYaml: value exceeds the limit of 67108864 bytes (max_value_bytes)"
        ),
        "{err}"
    );
}

#[test]
fn to_json_of_a_shared_list_stops_at_the_value_limit() {
    let err = render(&format!("{DAG_LIST}{{{{ toJson $l }}}}")).unwrap_err();
    assert!(
        err.ends_with(
            "error calling toJson: value exceeds the limit of 67108864 bytes (max_value_bytes)"
        ),
        "{err}"
    );
}

#[test]
fn doubling_a_string_with_printf_stops_at_the_value_limit() {
    let text =
        "{{ $s := \"ab\" }}{{ range until 40 }}{{ $s = printf \"%s%s\" $s $s }}{{ end }}{{ $s }}";
    let err = render(text).unwrap_err();
    assert!(
        err.starts_with("executing \"t\" at <printf \"%s%s\" $s $s>: ")
            && err.ends_with(
                "error calling printf: value exceeds the limit of 67108864 bytes (max_value_bytes)"
            ),
        "{err}"
    );
}

#[test]
fn every_walk_over_a_shared_value_stops_at_the_value_limit() {
    let both = format!(
        "{DAG_DICT}{{{{ $e := dict \"a\" 1 }}}}{{{{ range until 60 }}}}{{{{ $e = dict \"l\" $e \"r\" $e }}}}{{{{ end }}}}"
    );
    let cases = [
        // Walkers of a map shared at every level.
        (DAG_DICT, "deepCopy $d", "deepCopy"),
        (DAG_DICT, "mustDeepCopy $d", "mustDeepCopy"),
        (DAG_DICT, "toPrettyJson $d", "toPrettyJson"),
        (DAG_DICT, "toRawJson $d", "toRawJson"),
        (DAG_DICT, "mustToYaml $d", "mustToYaml"),
        (DAG_DICT, "toToml $d", "toToml"),
        (DAG_DICT, "toString $d", "toString"),
        (DAG_DICT, "printf \"%v\" $d", "printf"),
        (DAG_DICT, "printf \"%#x\" $d", "printf"),
        (DAG_DICT, "print $d", "print"),
        (DAG_DICT, "println 1 $d", "println"),
        (DAG_DICT, "html $d", "html"),
        (DAG_DICT, "dict $d 1", "dict"),
        (DAG_DICT, "list $d | join \",\"", "join"),
        (DAG_DICT, "list $d | toStrings", "toStrings"),
        (DAG_DICT, "cat $d", "cat"),
        (DAG_DICT, "quote $d", "quote"),
        (DAG_DICT, "eq $d $d", "eq"),
        (DAG_LIST, "toToml (dict \"a\" $l)", "toToml"),
        (DAG_LIST, "printf \"%d\" $l", "printf"),
        // Comparisons and merges of two such maps built apart.
        (&both, "deepEqual $d $e", "deepEqual"),
        (&both, "list $d | has $e", "has"),
        (&both, "list $d $e | uniq", "uniq"),
        (&both, "mergeOverwrite $d $e", "mergeOverwrite"),
    ];
    // A smaller limit than the default, for a quick test: without it each walk runs away.
    let limit = 1 << 20;
    for (setup, expr, name) in cases {
        let err = render_error_with_limit(&format!("{setup}{{{{ {expr} }}}}"), limit);
        assert!(
            err.ends_with(&format!(
                "error calling {name}: value exceeds the limit of {limit} bytes (max_value_bytes)"
            )),
            "{expr}: {err}"
        );
    }
    // Printing it into the output is an error at the action.
    let err = render_error_with_limit(&format!("{DAG_DICT}{{{{ $d }}}}"), limit);
    assert_eq!(
        err,
        format!(
            "executing \"t\" at <$d>: value exceeds the limit of {limit} bytes (max_value_bytes)"
        )
    );
}

#[test]
fn products_of_sizes_stop_at_the_value_limit() {
    let limit = 100_000;
    let cases = [
        // Width applies to every element.
        ("printf \"%1000v\" (until 1000)", "printf"),
        ("regexReplaceAll \"\" (repeat 1000 \"a\") (repeat 1000 \"b\")", "regexReplaceAll"),
        ("regexReplaceAll \"a\" (repeat 1000 \"a\") (repeat 1000 \"$0\")", "regexReplaceAll"),
        ("regexReplaceAllLiteral \"\" (repeat 1000 \"a\") (repeat 1000 \"b\")", "regexReplaceAllLiteral"),
        ("wrapWith 1 (repeat 1000 \"b\") (repeat 1000 \"a\")", "wrapWith"),
        ("repeat 1000 (repeat 1000 \"a\")", "repeat"),
        ("$s := repeat 1000 \"a\" }}{{ cat $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s $s", "cat"),
        ("$m := dict }}{{ range until 2000 }}{{ $_ := set $m (printf \"k%d\" .) 1 }}{{ end }}{{ keys $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m $m", "keys"),
    ];
    for (expr, name) in cases {
        let err = render_error_with_limit(&format!("{{{{ {expr} }}}}"), limit);
        assert!(
            err.ends_with(&format!(
                "error calling {name}: value exceeds the limit of {limit} bytes (max_value_bytes)"
            )),
            "{expr}: {err}"
        );
    }
}

#[test]
fn values_within_the_limit_render_as_before() {
    // Shared values that are small print in full, as Helm prints them.
    let out = render(
        "{{ $d := dict \"a\" 1 }}{{ range until 3 }}{{ $d = dict \"l\" $d \"r\" $d }}{{ end }}{{ toJson $d }}",
    )
    .expect("renders");
    let leaf = "{\"a\":1}";
    let two = format!("{{\"l\":{leaf},\"r\":{leaf}}}");
    let four = format!("{{\"l\":{two},\"r\":{two}}}");
    assert_eq!(out, format!("{{\"l\":{four},\"r\":{four}}}"));
    let out = render("{{ $s := \"ab\" }}{{ range until 10 }}{{ $s = printf \"%s%s\" $s $s }}{{ end }}{{ len $s }}")
        .expect("renders");
    assert_eq!(out, "2048");
    // A map that contains itself: equality stops at a depth instead of overflowing the stack.
    let out = render(
        "{{ $a := dict }}{{ $b := dict }}{{ $_ := set $a \"x\" $a }}{{ $_ := set $b \"x\" $b }}{{ deepEqual $a $b }} {{ deepEqual $a $a }}",
    )
    .expect("renders");
    assert_eq!(out, "false true");
    // Just under and just over a small limit.
    let limits = Limits {
        max_value_bytes: 1000,
        ..Limits::default()
    };
    let mut t = Templates::new(limits);
    t.add("t", "{{ repeat 1000 \"a\" | len }}", 0)
        .expect("parses");
    let out = t
        .execute("t", &map(vec![]), &mut FuncState::default())
        .expect("renders");
    assert_eq!(out.as_str(), "1000");
    let err = render_error_with_limit("{{ repeat 1001 \"a\" }}", 1000);
    assert!(
        err.ends_with(
            "error calling repeat: value exceeds the limit of 1000 bytes (max_value_bytes)"
        ),
        "{err}"
    );
}
