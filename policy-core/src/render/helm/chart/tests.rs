//! Tests of chart loading and values processing, against goldens rendered by the real Helm
//! engine (`testdata/helm/charts/regenerate.sh`).

use std::path::{Path, PathBuf};

use crate::source::{Limits, LoadError, SourceMap};

use super::super::value::{Dict, Value};
use super::*;

fn charts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/helm/charts")
}

fn show(p: &Path) -> String {
    let base = charts_dir();
    p.strip_prefix(&base)
        .map(|r| r.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| p.to_string_lossy().into_owned())
}

fn load_chart(name: &str, sources: &mut SourceMap) -> Result<Chart, LoadError> {
    load(&charts_dir().join(name), sources, &show, &Limits::default())
}

/// JSON with every number as a float (Helm's values are float64; goldens print integers).
fn norm(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Number(n) => serde_json::Number::from_f64(n.as_f64().unwrap_or(0.0))
            .map(J::Number)
            .unwrap_or(J::Null),
        J::Array(a) => J::Array(a.iter().map(norm).collect()),
        J::Object(o) => J::Object(o.iter().map(|(k, v)| (k.clone(), norm(v))).collect()),
        other => other.clone(),
    }
}

fn golden(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(charts_dir().join(name)).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
}

/// Compares the values of every template of a golden with `prepare`'s output.
fn check_against_golden(vals: &Value, golden: &serde_json::Value) {
    let root = vals.to_json();
    let docs = golden.as_object().map(|o| o.len()).unwrap_or(0);
    assert!(docs > 0, "empty golden");
    for (template, expected) in golden.as_object().into_iter().flatten() {
        let rest = template.strip_prefix("parent/").unwrap_or(template);
        let actual = match rest.strip_prefix("charts/") {
            Some(sub) => {
                let name = sub.split('/').next().unwrap_or("");
                root.get(name).cloned().unwrap_or(serde_json::Value::Null)
            }
            None => root.clone(),
        };
        assert_eq!(norm(&actual), norm(expected), "values of {template}");
    }
}

fn prepared(user: &UserValues) -> (Chart, Value, SourceMap) {
    let mut sources = SourceMap::new();
    let chart = load_chart("parent", &mut sources).unwrap_or_else(|e| panic!("{e}"));
    let user = user_values(user, &mut sources, &show, &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let (chart, vals) = prepare(chart, user, &sources).unwrap_or_else(|e| panic!("{e}"));
    (chart, vals, sources)
}

#[test]
fn parent_values_match_helm() {
    let (chart, vals, _) = prepared(&UserValues::default());
    check_against_golden(&vals, &golden("parent.golden.json"));
    let names: Vec<&str> = chart.dependencies.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["sub", "sub2", "packed", "false"]);
}

#[test]
fn parent_values_with_user_file_match_helm() {
    let user = UserValues {
        files: vec![charts_dir().join("parent-user-values.yaml")],
        ..UserValues::default()
    };
    let (_, vals, sources) = prepared(&user);
    check_against_golden(&vals, &golden("parent.user.golden.json"));
    // Origins: a user value points at its line in the user file.
    let replicas = vals.as_map().and_then(|m| m.get("replicas"));
    let origin = replicas.and_then(|r| r.origin());
    let (file, span) = origin
        .and_then(|o| sources.resolve(o))
        .unwrap_or_else(|| panic!("no origin"));
    assert_eq!(file.name(), "parent-user-values.yaml");
    assert_eq!(file.location(span.start).line, 1);
}

#[test]
fn conditions_tags_and_set_disable_dependencies() {
    let user = UserValues {
        set: vec!["sub2.enabled=false,tags.extras=false".into()],
        ..UserValues::default()
    };
    let (chart, vals, _) = prepared(&user);
    let names: Vec<&str> = chart.dependencies.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["sub", "false"]);
    let m = vals.as_map().cloned().unwrap_or_default();
    assert!(m.get("packed").is_none());
    // The condition's own value is still there (user values are kept).
    assert_eq!(
        m.get("sub2").map(|v| v.to_json()),
        Some(serde_json::json!({"enabled": false}))
    );
}

#[test]
fn loads_templates_files_crds_and_archives() {
    let mut sources = SourceMap::new();
    let chart = load_chart("parent", &mut sources).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = chart.templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "parent/templates/_helpers.tpl",
            "parent/templates/values.yaml"
        ]
    );
    let sub2 = chart.dependencies.iter().find(|d| d.name == "sub2");
    assert_eq!(
        sub2.map(|d| d.templates[0].name.as_str()),
        Some("parent/charts/sub2/templates/cm.yaml")
    );
    let packed = chart.dependencies.iter().find(|d| d.name == "packed");
    assert_eq!(
        packed.map(|d| d.templates[0].name.as_str()),
        Some("parent/charts/packed/templates/p.yaml")
    );
    assert_eq!(chart.crds.len(), 1);
    assert_eq!(chart.crds[0].name, "crds/crd.yaml");
    let Value::Object(files) = &chart.files else {
        panic!("files is not an object")
    };
    assert_eq!(files.type_name(), "engine.files");
    let call = |m: &str, args: &[Value]| {
        files
            .call(m, args)
            .and_then(|r| r.ok())
            .unwrap_or(Value::Nil)
    };
    assert_eq!(
        call("Get", &[Value::str("files/readme.txt")]).as_str(),
        Some("plain text\n")
    );
    // `.helmignore` (`/ci/`, `*.bak`) and the default `templates/.?*` rule.
    assert_eq!(
        call("Get", &[Value::str("ci/test-values.yaml")]).as_str(),
        Some("")
    );
    let globbed = call("Glob", &[Value::str("files/**")]);
    let Value::Object(g) = &globbed else {
        panic!("glob is not an object")
    };
    let conf = g.call("AsConfig", &[]).and_then(|r| r.ok());
    assert_eq!(
        conf.as_ref().and_then(|c| c.as_str()),
        Some("nginx.conf: |\n  server {\n    listen 80;\n  }\nreadme.txt: |\n  plain text")
    );
    let secrets = g.call("AsSecrets", &[]).and_then(|r| r.ok());
    assert_eq!(
        secrets.as_ref().and_then(|c| c.as_str()),
        Some("nginx.conf: c2VydmVyIHsKICBsaXN0ZW4gODA7Cn0K\nreadme.txt: cGxhaW4gdGV4dAo=")
    );
    let lines = call("Lines", &[Value::str("files/conf/nginx.conf")]);
    assert_eq!(lines.as_list().map(|l| l.len()), Some(3));
    // `.Files.Get` text keeps a mark into the file.
    if let Value::Str(s) = call("Get", &[Value::str("files/readme.txt")]) {
        let m = s.marks.first().copied();
        let resolved = m.and_then(|m| sources.resolve(m.span));
        assert_eq!(
            resolved.map(|(f, _)| f.name().to_string()).as_deref(),
            Some("parent/files/readme.txt")
        );
    }
    // `.Chart`, as Helm 4 builds it.
    let c = chart_object(&chart).to_json();
    assert_eq!(c["Name"], "parent");
    assert_eq!(c["AppVersion"], "2.0");
    assert_eq!(c["IsRoot"], true);
    assert_eq!(c["Annotations"]["team"], "web");
    assert_eq!(c["Dependencies"][1]["Alias"], "sub2");
    assert!(chart.is_root && !chart.dependencies[0].is_root);
}

#[test]
fn schema_violation_points_at_the_value() {
    let mut sources = SourceMap::new();
    let chart = load_chart("schema-bad", &mut sources).unwrap_or_else(|e| panic!("{e}"));
    let user = UserValues {
        files: vec![charts_dir().join("schema-bad-user-values.yaml")],
        ..UserValues::default()
    };
    let user = user_values(&user, &mut sources, &show, &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let err = prepare(chart.clone(), user, &sources).err();
    let err = err.unwrap_or_else(|| panic!("schema violation not reported"));
    assert_eq!(err.file, "schema-bad-user-values.yaml");
    assert_eq!((err.line, err.column), (2, 9));
    assert!(
        err.message.contains("schema-bad: at '/service/type'"),
        "{}",
        err.message
    );
    // Defaults alone are valid.
    assert!(prepare(chart, Value::empty_map(), &sources).is_ok());
    // A --set of the wrong type is reported in the flag text.
    let user = UserValues {
        set: vec!["service.port=-3".into()],
        ..UserValues::default()
    };
    let mut sources2 = SourceMap::new();
    let chart = load_chart("schema-bad", &mut sources2).unwrap_or_else(|e| panic!("{e}"));
    let user = user_values(&user, &mut sources2, &show, &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let err = prepare(chart, user, &sources2).err();
    assert_eq!(
        err.map(|e| (e.file, e.column)),
        Some(("--set".to_string(), 14))
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let _ = std::fs::write(p, text);
}

fn load_tmp(dir: &Path) -> Result<Chart, LoadError> {
    let mut sources = SourceMap::new();
    load(
        dir,
        &mut sources,
        &|p: &Path| {
            p.strip_prefix(dir)
                .map(|r| r.to_string_lossy().into_owned())
                .unwrap_or_default()
        },
        &Limits::default(),
    )
}

#[test]
fn missing_dependency_and_invalid_chart_yaml() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = tmp.path();
    write(
        d,
        "Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: redis-ha\n    version: 4.x\n    condition: redis-ha.enabled\n",
    );
    let err = load_tmp(d).err().unwrap_or_default();
    assert_eq!(
        (err.file.as_str(), err.line, err.column),
        ("Chart.yaml", 5, 5)
    );
    assert_eq!(
        err.message,
        "found in Chart.yaml, but missing in charts/ directory: redis-ha; run 'helm dependency build' (Tollgate never downloads charts)"
    );
    write(d, "Chart.yaml", "apiVersion: v2\nversion: 1.0.0\n");
    let err = load_tmp(d).err().unwrap_or_default();
    assert_eq!(err.message, "validation: chart.metadata.name is required");
    write(d, "Chart.yaml", "apiVersion: v2\nname: app\nversion: one\n");
    let err = load_tmp(d).err().unwrap_or_default();
    assert_eq!(
        (err.line, err.message.as_str()),
        (3, "validation: chart.metadata.version \"one\" is invalid")
    );
    write(
        d,
        "Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 1.0.0\ntype: library\n",
    );
    write(d, "values.yaml", "a: [1\n");
    let err = load_tmp(d).err().unwrap_or_default();
    assert_eq!(err.file, "values.yaml");
    assert!(
        err.message
            .starts_with("cannot load values.yaml: invalid YAML"),
        "{}",
        err.message
    );
    let _ = std::fs::remove_file(d.join("values.yaml"));
    let lib = load_tmp(d).unwrap_or_else(|e| panic!("{e}"));
    assert!(lib.is_library());
    // A v1 chart takes its dependencies from requirements.yaml.
    write(d, "Chart.yaml", "name: old\nversion: 1.0.0\n");
    write(
        d,
        "requirements.yaml",
        "dependencies:\n- name: gone\n  version: 1.x\n",
    );
    let err = load_tmp(d).err().unwrap_or_default();
    assert_eq!((err.file.as_str(), err.line), ("requirements.yaml", 2));
}

#[cfg(unix)]
#[test]
fn symlinks_leaving_the_chart_are_refused() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = tmp.path().join("c");
    write(
        &d,
        "Chart.yaml",
        "apiVersion: v2\nname: c\nversion: 1.0.0\n",
    );
    write(tmp.path(), "secret.txt", "x");
    let _ = std::os::unix::fs::symlink(tmp.path().join("secret.txt"), d.join("leak.txt"));
    let err = load_tmp(&d).err().unwrap_or_default();
    assert!(
        err.message.contains("symlink points outside"),
        "{}",
        err.message
    );
}

fn tgz(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut b = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::default(),
    ));
    for (name, text) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_size(text.len() as u64);
        h.set_mode(0o644);
        // Write the raw name (set_path refuses `..`).
        let bytes = name.as_bytes();
        if let Some(old) = h.as_old_mut().name.get_mut(..bytes.len()) {
            old.copy_from_slice(bytes);
        }
        h.set_cksum();
        let _ = b.append(&h, text.as_bytes());
    }
    b.into_inner()
        .and_then(|gz| gz.finish())
        .unwrap_or_default()
}

#[test]
fn archives_are_checked() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = tmp.path();
    let chart = "apiVersion: v2\nname: z\nversion: 1.0.0\n";
    let ok = tgz(&[("z/Chart.yaml", chart), ("z/templates/a.yaml", "a: 1\n")]);
    let _ = std::fs::write(d.join("z.tgz"), &ok);
    let c = load_tmp(&d.join("z.tgz")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.templates[0].name, "z/templates/a.yaml");
    let evil = tgz(&[("z/Chart.yaml", chart), ("z/../../etc/passwd", "x")]);
    let _ = std::fs::write(d.join("evil.tgz"), &evil);
    let err = load_tmp(&d.join("evil.tgz")).err().unwrap_or_default();
    assert_eq!(err.message, "chart illegally references parent directory");
    let _ = std::fs::write(d.join("bad.tgz"), b"\x1f\x8bnot really");
    let err = load_tmp(&d.join("bad.tgz")).err().unwrap_or_default();
    assert!(
        err.message.contains("corrupt chart archive"),
        "{}",
        err.message
    );
}

#[test]
fn every_corpus_chart_loads() {
    // Real charts, when the shared corpus is present (the suite does not need it).
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !corpus.is_dir() {
        return;
    }
    let mut dirs = Vec::new();
    let mut stack = vec![corpus];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() && !p.is_symlink() {
                if p.join("Chart.yaml").is_file() {
                    dirs.push(p.clone());
                } else {
                    stack.push(p);
                }
            }
        }
    }
    dirs.sort();
    assert!(dirs.len() >= 20, "{dirs:?}");
    for d in dirs {
        let mut sources = SourceMap::new();
        let res = load(
            &d,
            &mut sources,
            &|p: &Path| p.display().to_string(),
            &Limits::default(),
        );
        let name = d.display().to_string();
        if name.ends_with("argo-cd") || name.ends_with("bitnami/nginx") {
            let err = res.err().unwrap_or_default();
            assert!(
                err.message.contains("missing in charts/ directory"),
                "{name}: {err}"
            );
            continue;
        }
        let chart = res.unwrap_or_else(|e| panic!("{name}: {e}"));
        let (_, vals) =
            prepare(chart, Value::empty_map(), &sources).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(vals.as_map().is_some(), "{name}");
    }
}

fn set(text: &str) -> Result<serde_json::Value, SetError> {
    let d = Dict::default();
    parse_set(text, false, &d, None)?;
    Ok(Value::Map(d, None).to_json())
}

#[test]
fn set_syntax_as_helm_documents_it() {
    use serde_json::json;
    let ok = |t: &str| set(t).unwrap_or_else(|e| panic!("{t}: {e:?}"));
    assert_eq!(ok("name=value"), json!({"name": "value"}));
    assert_eq!(ok("a=b,c=d"), json!({"a": "b", "c": "d"}));
    assert_eq!(
        ok("outer.inner=value"),
        json!({"outer": {"inner": "value"}})
    );
    assert_eq!(ok("name={a, b, c}"), json!({"name": ["a", " b", " c"]}));
    assert_eq!(ok("name={a,b,c}"), json!({"name": ["a", "b", "c"]}));
    assert_eq!(ok("servers[0].port=80"), json!({"servers": [{"port": 80}]}));
    assert_eq!(
        ok("servers[0].port=80,servers[0].host=example"),
        json!({"servers": [{"port": 80, "host": "example"}]})
    );
    assert_eq!(ok("name=value1\\,value2"), json!({"name": "value1,value2"}));
    // As the shell passes Helm's documented `nodeSelector."kubernetes\.io/role"=master`.
    assert_eq!(
        ok("nodeSelector.kubernetes\\.io/role=master"),
        json!({"nodeSelector": {"kubernetes.io/role": "master"}})
    );
    // Unquoted by no shell, the quotes are part of the key, as in Helm.
    assert_eq!(
        ok("nodeSelector.\"kubernetes\\.io/role\"=master"),
        json!({"nodeSelector": {"\"kubernetes.io/role\"": "master"}})
    );
    assert_eq!(ok("a[2]=x"), json!({"a": [null, null, "x"]}));
    assert_eq!(
        ok("a=true,b=FALSE,c=null,d=0,e=007,f=-12"),
        json!({"a": true, "b": false, "c": null, "d": 0, "e": "007", "f": -12})
    );
    assert_eq!(ok("a="), json!({"a": ""}));
    let d = Dict::default();
    let _ = parse_set("n=1,b=true", true, &d, None);
    assert_eq!(
        Value::Map(d.clone(), None).to_json(),
        json!({"n": "1", "b": "true"})
    );
    // Typed as Helm types them: int64.
    let _ = parse_set("i=5", false, &d, None);
    assert_eq!(
        d.get("i").map(|v| v.type_name().to_string()).as_deref(),
        Some("int64")
    );
    // Errors, with Helm's messages.
    assert_eq!(
        set("a").err().map(|e| e.message),
        Some("key \"a\" has no value".into())
    );
    assert_eq!(
        set("a,b=c").err().map(|e| e.message),
        Some("key \"a\" has no value (cannot end with ,)".into())
    );
    assert_eq!(
        set("a={x,y").err().map(|e| e.message),
        Some("list must terminate with '}'".into())
    );
    assert_eq!(
        set("a=1,a.b=2").err().map(|e| e.message),
        Some("unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}".into())
    );
    assert_eq!(
        set("a[x]=1").err().map(|e| e.message),
        Some("error parsing index: strconv.Atoi: parsing \"x\": invalid syntax".into())
    );
    assert_eq!(
        set("a[-1]=1").err().map(|e| e.message),
        Some("negative -1 index not allowed".into())
    );
}

#[test]
fn set_errors_name_the_flag_and_position() {
    let mut sources = SourceMap::new();
    let user = UserValues {
        set: vec!["a=1,b".into()],
        ..UserValues::default()
    };
    let err = user_values(&user, &mut sources, &show, &Limits::default())
        .err()
        .unwrap_or_default();
    assert_eq!((err.file.as_str(), err.line, err.column), ("--set", 1, 6));
    assert_eq!(
        err.message,
        "failed parsing --set data: key \"b\" has no value"
    );
}

#[test]
fn capabilities_match_the_peer() {
    let caps =
        capabilities(None, &["example.com/v1".to_string()]).unwrap_or_else(|e| panic!("{e}"));
    let Value::Object(c) = caps else {
        panic!("not an object")
    };
    let kv = c.field("KubeVersion").unwrap_or(Value::Nil);
    let Value::Object(kv) = kv else {
        panic!("not an object")
    };
    assert_eq!(kv.display(), "v1.36.0");
    assert_eq!(
        kv.field("Minor")
            .and_then(|v| v.as_str().map(String::from))
            .as_deref(),
        Some("36")
    );
    let Some(Value::Object(apis)) = c.field("APIVersions") else {
        panic!("no APIVersions")
    };
    let has = |s: &str| {
        matches!(
            apis.call("Has", &[Value::str(s)]),
            Some(Ok(Value::Bool(true, _)))
        )
    };
    assert!(has("apps/v1") && has("v1") && has("example.com/v1"));
    assert!(!has("apps/v1/Deployment"));
    assert!(apis
        .display()
        .starts_with("[v1 admissionregistration.k8s.io/v1 "));
    let Some(Value::Object(h)) = c.field("HelmVersion") else {
        panic!("no HelmVersion")
    };
    assert_eq!(h.display(), "{v4.2   go1.26.6 v1.36}");
    let kv = capabilities(Some("1.31.2"), &[]).unwrap_or_else(|e| panic!("{e}"));
    if let Value::Object(c) = kv {
        let Some(Value::Object(k)) = c.field("KubeVersion") else {
            panic!("no KubeVersion")
        };
        assert_eq!(
            k.field("Version")
                .and_then(|v| v.as_str().map(String::from))
                .as_deref(),
            Some("v1.31.2")
        );
    }
}
