//! Tests of the functions against outputs of the real Helm v4.2.3 engine.
//!
//! Every expected string here was produced by the real engine (the peer `helm-template.sh`
//! rendering `testdata/helm/funcs/*.tpl` with `testdata/helm/funcs/values.yaml`, see
//! `regenerate.sh`), and copied from the `.out` files.

use std::sync::Arc;

use super::super::value::{Dict, Map, MarkKind, Value};
use super::*;

fn call(name: &str, args: &[Value]) -> Result<Value, String> {
    let f = lookup(name).unwrap_or_else(|| panic!("no function {name}"));
    f(&mut FuncState::default(), args)
}

fn text(name: &str, args: &[Value]) -> String {
    match call(name, args) {
        Ok(v) => conv::sprint(&v),
        Err(e) => panic!("{name}: {e}"),
    }
}

fn s(x: &str) -> Value {
    Value::str(x)
}
fn i(x: i64) -> Value {
    Value::Int(x, None)
}
fn f(x: f64) -> Value {
    Value::Float(x, None)
}
fn l(v: Vec<Value>) -> Value {
    Value::List(Arc::new(v), None)
}
fn d(pairs: &[(&str, Value)]) -> Value {
    let m: Map = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    Value::Map(Dict::new(m), None)
}

/// The values of `testdata/helm/funcs/values.yaml`, with provenance (spans into the file).
fn values() -> Value {
    let text = include_str!("../../../../../testdata/helm/funcs/values.yaml");
    let file = crate::source::SourceFile::new("values.yaml", "values.yaml", text.to_string());
    let docs = crate::source::yaml::parse_yaml(&file, &crate::source::Limits::default())
        .expect("values.yaml parses");
    drop_nulls(&Value::from_node(&docs[0], 0))
}

/// Helm's values coalescing deletes keys whose value is null.
fn drop_nulls(v: &Value) -> Value {
    match v {
        Value::Map(m, o) => Value::Map(
            Dict::new(
                m.read()
                    .iter()
                    .filter(|(_, x)| !matches!(x, Value::Nil))
                    .map(|(k, x)| (k.clone(), drop_nulls(x)))
                    .collect(),
            ),
            *o,
        ),
        other => other.clone(),
    }
}

fn get(v: &Value, path: &str) -> Value {
    let mut cur = v.clone();
    for k in path.split('.') {
        cur = cur.as_map().and_then(|m| m.get(k)).unwrap_or(Value::Nil);
    }
    cur
}

#[test]
fn table_is_sorted_and_env_is_absent() {
    let names: Vec<&str> = names().collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(names, sorted);
    for gone in ["env", "expandenv", "include", "tpl", "len", "index"] {
        assert!(lookup(gone).is_none(), "{gone}");
    }
    assert!(lookup("toYaml").is_some());
}

/// The first document of `toyaml.out` is `{{ toYaml .Values }}` as Helm renders it.
#[test]
fn to_yaml_of_values_matches_helm() {
    let out = include_str!("../../../../../testdata/helm/funcs/toyaml.out");
    let expected = out.split("\n---\n").next().unwrap_or("");
    let got = call("toYaml", &[values()]).unwrap();
    let got = got.as_str().unwrap();
    if got != expected {
        for (n, (a, b)) in got.lines().zip(expected.lines()).enumerate() {
            assert_eq!(a, b, "line {}", n + 1);
        }
        assert_eq!(got, expected);
    }
}

#[test]
fn to_yaml_pieces_match_helm() {
    // From toyaml.out (real engine).
    let y = |v: Value| text("toYaml", &[v]);
    assert_eq!(
        y(l(vec![
            i(1),
            s("a"),
            f(2.5),
            Value::Nil,
            Value::Bool(true, None),
            d(&[])
        ])),
        "- 1\n- a\n- 2.5\n- null\n- true\n- {}"
    );
    assert_eq!(
        y(l(vec![
            i(1),
            Value::Int64(2, None),
            Value::Int64(3, None),
            f(3.0),
            f(1.0),
            f(100000.5),
            f(12345678.5),
            f(1e20),
            f(15000000000000000000.0),
            f(-0.0),
        ])),
        "- 1\n- 2\n- 3\n- 3\n- 1\n- 100000.5\n- 1.23456785e+07\n- 1e+20\n- 15000000000000000000\n- 0"
    );
    assert_eq!(y(s("plain")), "plain");
    assert_eq!(y(s("true")), "\"true\"");
    assert_eq!(y(s("")), "\"\"");
    assert_eq!(y(Value::Nil), "null");
    assert_eq!(y(s("a\nb\n\n")), "|+\n  a\n  b\n");
    assert_eq!(
        y(l(vec![
            d(&[("a", i(1)), ("b", l(vec![s("x"), s("y")]))]),
            l(vec![i(1), i(2)])
        ])),
        "- a: 1\n  b:\n  - x\n  - \"y\"\n- - 1\n  - 2"
    );
    assert_eq!(y(d(&[])), "{}");
    assert_eq!(y(l(vec![])), "[]");
    assert_eq!(
        y(d(&[
            ("k", s("😀 x")),
            ("q", s("'")),
            ("t", s("2001-12-14T10:00:00Z"))
        ])),
        "k: \"\\U0001F600 x\"\nq: ''''\nt: \"2001-12-14T10:00:00Z\""
    );
}

#[test]
fn to_yaml_marks_values() {
    let v = values();
    let res = get(&v, "resources");
    let out = call("toYaml", &[res]).unwrap();
    let Value::Str(st) = out else { panic!() };
    assert_eq!(
        &*st.text,
        "limits:\n  cpu: 100m\n  memory: 128Mi\nrequests:\n  cpu: 50m\n  memory: 64Mi"
    );
    let marked: Vec<&str> = st
        .marks
        .iter()
        .filter(|m| m.kind == MarkKind::Value)
        .map(|m| &st.text[m.start as usize..m.end as usize])
        .collect();
    assert_eq!(marked, ["100m", "128Mi", "50m", "64Mi"]);
    // nindent keeps them, shifted.
    let n = call("nindent", &[i(2), Value::Str(st.clone())]).unwrap();
    let Value::Str(n) = n else { panic!() };
    let marked: Vec<&str> = n
        .marks
        .iter()
        .map(|m| &n.text[m.start as usize..m.end as usize])
        .collect();
    assert_eq!(marked, ["100m", "128Mi", "50m", "64Mi"]);
}

#[test]
fn quote_and_default_keep_provenance() {
    let v = values();
    let tag = get(&v, "image.tag");
    assert!(tag.origin().is_some());
    let q = call("quote", std::slice::from_ref(&tag)).unwrap();
    let Value::Str(q) = q else { panic!() };
    assert_eq!(&*q.text, "\"1.25\"");
    assert_eq!((q.marks[0].start, q.marks[0].end), (1, 5));
    let dflt = call("default", &[s("latest"), tag.clone()]).unwrap();
    assert_eq!(dflt.origin(), tag.origin());
    let n = call("quote", &[get(&v, "replicas")]).unwrap();
    assert_eq!(n.as_str(), Some("\"3\""));
    let t = call("trimSuffix", &[s("5"), tag]).unwrap();
    let Value::Str(t) = t else { panic!() };
    assert_eq!((&*t.text, t.marks[0].end), ("1.2", 3));
}

#[test]
fn strings_match_helm() {
    // strings.out (real engine).
    assert_eq!(text("trim", &[s("  hi there \n")]), "hi there");
    assert_eq!(text("trimAll", &[s("-x"), s("x-hi-x-")]), "hi");
    assert_eq!(text("trimPrefix", &[s("ab"), s("abcab")]), "cab");
    assert_eq!(
        text("title", &[s("hello wide-world foo_bar")]),
        "Hello Wide-World Foo_bar"
    );
    assert_eq!(text("untitle", &[s("Hello World")]), "hello world");
    assert_eq!(text("substr", &[i(-1), i(3), s("hello")]), "hel");
    assert_eq!(text("substr", &[i(2), i(99), s("hello")]), "llo");
    assert_eq!(text("trunc", &[i(-3), s("hello")]), "llo");
    assert_eq!(text("trunc", &[i(-99), s("hello")]), "hello");
    assert_eq!(text("abbrev", &[i(5), s("hello world")]), "he...");
    assert_eq!(
        text("abbrevboth", &[i(5), i(10), s("1234 5678 9123")]),
        "...5678..."
    );
    assert_eq!(text("initials", &[s("first try  at Helm")]), "ftaH");
    assert_eq!(
        text("wrap", &[i(5), s("Hello World from template")]),
        "Hello\nWorld\nfrom\ntemplate"
    );
    assert_eq!(
        text("wrapWith", &[i(5), s("\t"), s("Hello World")]),
        "Hello\tWorld"
    );
    assert_eq!(
        text("quote", &[i(1), f(2.5), Value::Bool(true, None)]),
        "\"1\" \"2.5\" \"true\""
    );
    assert_eq!(text("squote", &[s("x"), i(3)]), "'x' '3'");
    assert_eq!(text("quote", &[Value::Nil, s("y")]), "\"y\"");
    assert_eq!(text("quote", &[s("tab\there")]), "\"tab\\there\"");
    assert_eq!(
        text(
            "cat",
            &[
                s("a"),
                i(1),
                Value::Nil,
                f(2.5),
                Value::Bool(true, None),
                l(vec![i(1), i(2)])
            ]
        ),
        "a 1 2.5 true [1 2]"
    );
    assert_eq!(text("indent", &[i(2), s("a\nb\n")]), "  a\n  b\n  ");
    assert_eq!(text("nindent", &[i(4), s("x\ny")]), "\n    x\n    y");
    assert_eq!(text("replace", &[s(""), s("-"), s("ab")]), "-a-b-");
    assert_eq!(text("snakecase", &[s("FirstName")]), "first_name");
    assert_eq!(text("snakecase", &[s("HTTPServer")]), "http_server");
    assert_eq!(
        text("snakecase", &[s("some-kebab case")]),
        "some_kebab_case"
    );
    assert_eq!(text("camelcase", &[s("http_server")]), "HttpServer");
    assert_eq!(text("camelcase", &[s("foo-bar baz")]), "FooBarBaz");
    assert_eq!(
        text("kebabcase", &[s("myHTTPServer2X")]),
        "my-http-server2-x"
    );
    assert_eq!(text("swapcase", &[s("Hello World")]), "hELLO wORLD");
    assert_eq!(text("toString", &[f(1000000.0)]), "1e+06");
    assert_eq!(text("toString", &[Value::Nil]), "<nil>");
    assert_eq!(text("toString", &[d(&[("k", i(1))])]), "map[k:1]");
    assert_eq!(
        text("b64dec", &[s("!!")]),
        "illegal base64 data at input byte 0"
    );
    assert_eq!(text("b32enc", &[s("hello")]), "NBSWY3DP");
    assert_eq!(
        text("sha1sum", &[s("abc")]),
        "a9993e364706816aba3e25717850c26c9cd0d89d"
    );
    assert_eq!(text("adler32sum", &[s("abc")]), "38600999");
    assert_eq!(
        text("sortAlpha", &[l(vec![s("b"), s("a"), s("C"), i(3), i(1)])]),
        "[1 3 C a b]"
    );
}

#[test]
#[allow(clippy::approx_constant)]
fn numbers_match_helm() {
    // numbers.out (real engine).
    assert_eq!(text("add", &[i(1), i(2), i(3)]), "6");
    assert_eq!(text("add", &[f(1.9), s("2")]), "3");
    assert_eq!(text("sub", &[i(10), f(3.7)]), "7");
    assert_eq!(text("add", &[s("0x10"), i(1)]), "17");
    assert_eq!(text("add", &[s("010"), i(0)]), "8");
    assert_eq!(text("add", &[s("3.0"), i(1)]), "4");
    assert_eq!(text("add", &[s("abc"), i(1)]), "1");
    assert_eq!(call("add", &[i(1)]).unwrap().type_name(), "int64");
    assert_eq!(text("addf", &[f(1.1), f(2.2)]), "3.3");
    assert_eq!(text("addf", &[f(0.1), f(0.2)]), "0.3");
    assert_eq!(text("subf", &[i(5), f(1.1)]), "3.9");
    assert_eq!(text("mulf", &[f(1.1), i(3)]), "3.3");
    assert_eq!(text("round", &[f(3.14159), i(2)]), "3.14");
    assert_eq!(text("round", &[f(1.55), i(1)]), "1.6");
    assert_eq!(text("round", &[f(1.234), i(2), f(0.3)]), "1.24");
    assert_eq!(text("toDecimal", &[s("0777")]), "511");
    assert_eq!(text("toDecimal", &[i(10)]), "8");
    assert_eq!(text("toDecimal", &[s("8")]), "0");
    assert_eq!(text("until", &[i(-3)]), "[0 -1 -2]");
    assert_eq!(text("untilStep", &[i(10), i(0), i(-4)]), "[10 6 2]");
    assert_eq!(text("seq", &[i(0), i(2), i(10)]), "0 2 4 6 8 10");
    assert_eq!(text("seq", &[i(10), i(-3), i(1)]), "10 7 4 1");
    assert_eq!(text("seq", &[i(0)]), "1 0");
    assert_eq!(conv::sprint(&f(1e21)), "1e+21");
    assert_eq!(conv::sprint(&f(1e-7)), "1e-07");
    assert_eq!(conv::sprint(&f(12345678.5)), "1.23456785e+07");
    // Limits instead of exhausting memory.
    assert!(call("until", &[i(1_000_000_000_000)]).is_err());
    assert!(call("repeat", &[i(i64::MAX), s("x")]).is_err());
    assert!(call("div", &[i(1), i(0)]).is_err());
}

#[test]
fn collections_match_helm() {
    // collections.out (real engine).
    let dst = d(&[
        ("a", i(1)),
        ("n", d(&[("x", i(1)), ("e", s(""))])),
        ("e", s("")),
        ("f", Value::Bool(false, None)),
    ]);
    let src = d(&[
        ("a", i(2)),
        ("b", i(3)),
        ("n", d(&[("x", i(2)), ("y", i(3)), ("e", s("filled"))])),
        ("e", s("src")),
        ("f", Value::Bool(true, None)),
    ]);
    call("merge", &[dst.clone(), src]).unwrap();
    assert_eq!(
        text("toJson", &[dst]),
        r#"{"a":1,"b":3,"e":"src","f":true,"n":{"e":"filled","x":1,"y":3}}"#
    );
    let dst2 = d(&[
        ("a", i(1)),
        ("n", d(&[("x", i(1))])),
        ("keep", s("k")),
        ("t", Value::Bool(true, None)),
    ]);
    let src2 = d(&[
        ("a", i(2)),
        ("n", d(&[("y", i(3))])),
        ("keep", s("")),
        ("t", Value::Bool(false, None)),
        ("nil", Value::Nil),
    ]);
    let r = call("mergeOverwrite", &[dst2, src2]).unwrap();
    assert_eq!(
        text("toJson", &[r]),
        r#"{"a":2,"keep":"","n":{"x":1,"y":3},"nil":null,"t":false}"#
    );
    // set is visible through every holder of the map, as in Go.
    let m = d(&[("a", i(1))]);
    call("set", &[m.clone(), s("new"), s("value")]).unwrap();
    assert_eq!(text("toJson", &[m]), r#"{"a":1,"new":"value"}"#);
    let lst = l(vec![i(1), s("b"), i(3), s("b"), Value::Nil, s(""), i(0)]);
    assert_eq!(
        text(
            "toJson",
            &[call("uniq", std::slice::from_ref(&lst)).unwrap()]
        ),
        r#"[1,"b",3,null,"",0]"#
    );
    assert_eq!(
        text(
            "toJson",
            &[call("compact", std::slice::from_ref(&lst)).unwrap()]
        ),
        r#"[1,"b",3,"b"]"#
    );
    assert_eq!(
        text("toJson", &[call("without", &[lst, s("b"), i(1)]).unwrap()]),
        r#"[3,null,"",0]"#
    );
    assert_eq!(
        text("toJson", &[call("first", &[l(vec![])]).unwrap()]),
        "null"
    );
    let v = values();
    assert_eq!(
        text(
            "dig",
            &[
                s("deep"),
                s("deeper"),
                s("deepest"),
                s("def"),
                get(&v, "nested")
            ]
        ),
        "found"
    );
    assert_eq!(
        text("dig", &[s("nope"), s("x"), s("def"), get(&v, "nested")]),
        "def"
    );
    assert_eq!(
        text("toJson", &[call("dict", &[s("k")]).unwrap()]),
        r#"{"k":""}"#
    );
    assert_eq!(
        text(
            "toJson",
            &[call("chunk", &[i(2), l(vec![i(1), i(2), i(3), i(4), i(5)])]).unwrap()]
        ),
        "[[1,2],[3,4],[5]]"
    );
}

#[test]
fn misc_match_helm() {
    // misc.out (real engine).
    let v = values();
    assert_eq!(
        text("toJson", &[get(&v, "mixed_list")]),
        r#"[1,"two",3.5,true,null,{"k":"v"}]"#
    );
    assert_eq!(
        text("toJson", &[s("<a & b>")]),
        r#""\u003ca \u0026 b\u003e""#
    );
    assert_eq!(text("toRawJson", &[s("<a & b>")]), r#""<a & b>""#);
    assert_eq!(text("toJson", &[get(&v, "big")]), "1000000");
    assert_eq!(text("toJson", &[get(&v, "huge")]), "1e+21");
    assert_eq!(text("toJson", &[get(&v, "tiny")]), "1e-7");
    assert_eq!(
        text(
            "toPrettyJson",
            &[d(&[
                ("a", l(vec![i(1), d(&[("b", i(2))])])),
                ("c", d(&[])),
                ("d", l(vec![]))
            ])]
        ),
        "{\n  \"a\": [\n    1,\n    {\n      \"b\": 2\n    }\n  ],\n  \"c\": {},\n  \"d\": []\n}"
    );
    assert_eq!(
        text(
            "toToml",
            &[d(&[
                ("name", s("x")),
                ("n", i(1)),
                ("f", f(2.0)),
                ("g", f(1.5)),
                ("b", Value::Bool(true, None)),
                ("l", l(vec![i(1), i(2)])),
                ("t", d(&[("k", s("v")), ("sub", d(&[("z", i(1))]))]))
            ])]
        ),
        "b = true\nf = 2.0\ng = 1.5\nl = [1, 2]\nn = 1\nname = \"x\"\n\n[t]\n  k = \"v\"\n  [t.sub]\n    z = 1\n"
    );
    let sc = |c: &str, v: &str| text("semverCompare", &[s(c), s(v)]);
    let got: Vec<String> = [
        (">=1.21-0", "v1.31.0"),
        (">=1.21", "v1.29.3-eks-1234"),
        (">=1.21-0", "v1.29.3-eks-1234"),
        ("^1.2", "1.9.0"),
        ("^1.2", "2.0.0"),
        ("~1.2", "1.2.9"),
        ("~1.2", "1.3.0"),
        ("1.2.x", "1.2.7"),
        (">= 1.19 < 1.22", "1.21.5"),
        (">= 1.19 < 1.22", "1.22.0"),
        ("<1.19 || >=1.25", "1.26.1"),
        ("1.2 - 1.4", "1.4.9"),
        ("1.2 - 1.4", "1.5.0"),
        ("!=1.2.3", "1.2.3"),
        ("<=1.2", "1.2.9"),
        (">1.2", "1.2.5"),
        ("*", "0.0.1"),
    ]
    .iter()
    .map(|(c, v)| sc(c, v))
    .collect();
    assert_eq!(
        got.join(" "),
        "true false true true false true false true true false true true false false true false true"
    );
    assert_eq!(
        text("semver", &[s("v1.31.2-rc.1+build")]),
        "1.31.2-rc.1+build"
    );
    assert_eq!(
        text(
            "regexReplaceAll",
            &[s("a(x*)b"), s("-ab-axxb-"), s("${1}W")]
        ),
        "-W-xxW-"
    );
    assert_eq!(
        text("regexReplaceAll", &[s("a(x*)b"), s("-ab-axxb-"), s("$1W")]),
        "---"
    );
    assert_eq!(text("regexSplit", &[s("z+"), s("pizza"), i(-1)]), "[pi a]");
    assert_eq!(text("regexQuoteMeta", &[s("1.2.3[x]")]), r"1\.2\.3\[x\]");
    assert_eq!(text("clean", &[s("a//b/../c/.")]), "a/c");
    assert_eq!(text("dir", &[s("file")]), ".");
    assert_eq!(text("base", &[s("/a/b/")]), "b");
    assert_eq!(text("ext", &[s("file.tar.gz")]), ".gz");
    assert_eq!(
        text("toJson", &[call("urlParse", &[get(&v, "url")]).unwrap()]),
        r#"{"fragment":"frag","host":"example.com:8443","hostname":"example.com","opaque":"","path":"/path/to","query":"x=1\u0026y=2","scheme":"https","userinfo":"user:pass"}"#
    );
    assert_eq!(
        text(
            "urlJoin",
            &[d(&[
                ("scheme", s("https")),
                ("host", s("example.com")),
                ("path", s("/a b")),
                ("query", s("q=1"))
            ])]
        ),
        "https://example.com/a%20b?q=1"
    );
    assert_eq!(text("typeOf", &[get(&v, "replicas")]), "float64");
    assert_eq!(text("kindOf", &[Value::Nil]), "invalid");
    assert_eq!(text("deepEqual", &[i(1), Value::Int64(1, None)]), "false");
    assert_eq!(text("coalesce", &[s(""), Value::Nil, i(0), s("x")]), "x");
    assert!(call("required", &[s("needed"), Value::Nil]).is_err());
    assert_eq!(text("required", &[s("needed"), i(0)]), "0");
    // genCA builds a real (deterministic) certificate; getHostByName needs the network.
    let ca = call("genCA", &[s("x"), i(1)]).unwrap();
    assert_eq!(ca.type_name(), "sprig.certificate");
    let Value::Object(o) = &ca else {
        panic!("genCA: not an object")
    };
    let cert = conv::sprint(&o.field("Cert").unwrap());
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----\n"), "{cert}");
    assert!(call("genCA", &[s("x"), i(-1)]).is_err());
    assert!(call("getHostByName", &[s("example.com")]).is_err());
}

#[test]
fn dates_match_helm() {
    // misc.out (real engine); the local zone is UTC in both.
    let t = call("toDate", &[s("2006-01-02"), s("2024-03-15")]).unwrap();
    assert_eq!(conv::sprint(&t), "2024-03-15 00:00:00 +0000 UTC");
    assert_eq!(
        text("date", &[s("Jan 2, 2006 at 15:04 (Mon)"), t.clone()]),
        "Mar 15, 2024 at 00:00 (Fri)"
    );
    assert_eq!(text("unixEpoch", std::slice::from_ref(&t)), "1710460800");
    let t2 = call(
        "toDate",
        &[
            s("2006-01-02T15:04:05Z07:00"),
            s("2024-03-15T10:30:45+02:00"),
        ],
    )
    .unwrap();
    assert_eq!(
        text("date", &[s("2006-01-02 15:04:05 -0700"), t2]),
        "2024-03-15 08:30:45 +0000"
    );
    let m = call("dateModify", &[s("1h30m"), t.clone()]).unwrap();
    assert_eq!(
        text("date", &[s("2006-01-02T15:04:05"), m]),
        "2024-03-15T01:30:00"
    );
    let m = call("dateModify", &[s("-48h"), t]).unwrap();
    assert_eq!(text("htmlDate", &[m]), "2024-03-13");
    let j = call("toDate", &[s("2006-01-02"), s("2024-07-01")]).unwrap();
    assert_eq!(
        text(
            "dateInZone",
            &[s("2006-01-02 15:04 MST"), j, s("America/New_York")]
        ),
        "2024-06-30 20:00 EDT"
    );
    assert_eq!(
        conv::sprint(&call("toDate", &[s("2006-01-02"), s("bad")]).unwrap()),
        "0001-01-01 00:00:00 +0000 UTC"
    );
    assert_eq!(text("date", &[s("2006"), i(0)]), "1970");
    let p = call("toDate", &[s("02/01/06 3:04PM"), s("15/03/24 4:05PM")]).unwrap();
    assert_eq!(
        text("date", &[s("Monday January _2 03:04:05.000 pm"), p]),
        "Friday March 15 04:05:00.000 pm"
    );
    assert_eq!(text("duration", &[i(95)]), "0s");
    assert_eq!(text("duration", &[s("3600")]), "1h0m0s");
    assert_eq!(text("duration", &[Value::Int64(86400, None)]), "24h0m0s");
    assert_eq!(text("durationRound", &[s("2h10m")]), "2h");
    assert_eq!(text("durationRound", &[s("49h")]), "2d");
    assert_eq!(text("durationRound", &[s("800h")]), "1mo");
    assert_eq!(
        text("durationRound", &[Value::Int64(90_000_000_000, None)]),
        "1m"
    );
}

#[test]
fn deterministic_random() {
    let a = text("randAlphaNum", &[i(16)]);
    let b = text("randAlphaNum", &[i(16)]);
    assert_eq!(a, b);
    assert_eq!(a.len(), 16);
    let u = text("uuidv4", &[]);
    assert_eq!(u.len(), 36);
    assert_eq!(&u[14..15], "4");
}

#[test]
fn no_panics_on_odd_input() {
    let odd = [
        Value::Nil,
        i(i64::MIN),
        i(i64::MAX),
        f(f64::NAN),
        f(f64::INFINITY),
        s(""),
        s("é"),
        l(vec![]),
        d(&[]),
    ];
    for name in names() {
        let f = lookup(name).unwrap();
        for a in &odd {
            for b in &odd {
                let _ = f(&mut FuncState::default(), &[a.clone(), b.clone()]);
                let _ = f(
                    &mut FuncState::default(),
                    &[b.clone(), a.clone(), a.clone()],
                );
            }
            let _ = f(&mut FuncState::default(), std::slice::from_ref(a));
        }
        let _ = f(&mut FuncState::default(), &[]);
    }
}

/// A map shared at every one of `levels` levels: 2^levels paths to its `{a: 1}` leaf.
fn shared_dict(levels: usize) -> Value {
    let mut v = d(&[("a", i(1))]);
    for _ in 0..levels {
        v = d(&[("l", v.clone()), ("r", v)]);
    }
    v
}

/// A list shared at every one of `levels` levels.
fn shared_list(levels: usize) -> Value {
    let mut v = l(vec![i(1)]);
    for _ in 0..levels {
        v = l(vec![v.clone(), v]);
    }
    v
}

/// Whether calling `name` in a metered scope of `limit` bytes exceeds it (the result is not
/// printed: it may be a partial walk of a huge value).
fn exceeds(name: &str, args: &[Value], limit: usize) -> bool {
    let (r, exceeded) = super::super::budget::metered(limit, || call(name, args));
    drop(r);
    exceeded
}

#[test]
fn walks_over_shared_values_stop_when_the_budget_is_spent() {
    let dag = shared_dict(60);
    let list = shared_list(60);
    let limit = 1 << 20;
    let one = |v: &Value| vec![v.clone()];
    let cases: Vec<(&str, Vec<Value>)> = vec![
        ("toYaml", one(&dag)),
        ("mustToYaml", one(&dag)),
        ("toJson", one(&list)),
        ("mustToJson", one(&dag)),
        ("toPrettyJson", one(&dag)),
        ("mustToPrettyJson", one(&list)),
        ("toRawJson", one(&dag)),
        ("toToml", one(&dag)),
        ("toToml", vec![d(&[("a", list.clone())])]),
        ("deepCopy", one(&dag)),
        ("mustDeepCopy", one(&list)),
        ("toString", one(&dag)),
        ("toStrings", one(&list)),
        ("join", vec![s(","), list.clone()]),
        ("cat", one(&dag)),
        ("quote", one(&list)),
        ("squote", one(&dag)),
        ("sortAlpha", vec![l(vec![dag.clone()])]),
        ("dict", vec![dag.clone(), i(1)]),
        // Two such values built apart: compared node by node.
        ("deepEqual", vec![dag.clone(), shared_dict(60)]),
        ("has", vec![shared_list(60), l(vec![list.clone()])]),
        ("without", vec![l(vec![list.clone()]), shared_list(60)]),
        ("uniq", vec![l(vec![list.clone(), shared_list(60)])]),
        ("merge", vec![shared_dict(60), shared_dict(60)]),
        ("mergeOverwrite", vec![shared_dict(60), shared_dict(60)]),
    ];
    for (name, args) in &cases {
        assert!(exceeds(name, args, limit), "{name}");
    }
    // The same value is equal to itself without a walk.
    let (r, exceeded) =
        super::super::budget::metered(limit, || call("deepEqual", &[list.clone(), list.clone()]));
    assert!(!exceeded && matches!(r, Ok(Value::Bool(true, _))));
}

#[test]
fn products_of_sizes_stop_when_the_budget_is_spent() {
    let a = s(&"a".repeat(1000));
    let b = s(&"b".repeat(1000));
    let limit = 100_000;
    for (name, args) in [
        ("regexReplaceAll", vec![s(""), a.clone(), b.clone()]),
        (
            "regexReplaceAll",
            vec![s("a"), a.clone(), s(&"$0".repeat(500))],
        ),
        ("regexReplaceAllLiteral", vec![s(""), a.clone(), b.clone()]),
        ("wrapWith", vec![i(1), b.clone(), a.clone()]),
        ("keys", vec![d(&[("k", i(1))]); 10_000]),
        ("cat", vec![a.clone(); 1000]),
        ("quote", vec![a.clone(); 1000]),
    ] {
        assert!(exceeds(name, &args, limit), "{name}");
    }
}

#[test]
fn results_within_the_budget_are_unchanged() {
    let v = values();
    let dag = shared_dict(4);
    let cases: Vec<(&str, Vec<Value>)> = vec![
        ("toYaml", vec![v.clone()]),
        ("toJson", vec![v.clone()]),
        ("toPrettyJson", vec![v.clone()]),
        ("toToml", vec![v.clone()]),
        ("toString", vec![v.clone()]),
        ("toYaml", vec![dag.clone()]),
        ("toJson", vec![dag.clone()]),
        (
            "regexReplaceAll",
            vec![s("a(x*)b"), s("-ab-axxb-"), s("${1}W")],
        ),
        (
            "regexReplaceAllLiteral",
            vec![s("a(x*)b"), s("-ab-axxb-"), s("${1}")],
        ),
        ("wrapWith", vec![i(5), s("\t"), s("Hello World and more")]),
        ("keys", vec![dag.clone(), d(&[("z", i(1))])]),
    ];
    for (name, args) in &cases {
        let plain = text(name, args);
        let (r, exceeded) = super::super::budget::metered(64 << 20, || call(name, args));
        assert!(!exceeded, "{name}");
        assert_eq!(conv::sprint(&r.expect("runs")), plain, "{name}");
    }
    let copy =
        super::super::budget::metered(64 << 20, || call("deepCopy", std::slice::from_ref(&v)));
    assert!(!copy.1 && copy.0.expect("copies") == v);
}
