//! Kustomize roots checked through their native build: findings point at the overlay, patch or
//! kustomization line that set the field (with the base's definition as a related span), each
//! top-level root is checked once, and kustomize's load restrictions hold (and, through the
//! build API, `--load-restrictor LoadRestrictionsNone` against kubectl, inside the fence), and
//! what an overlay removes is recorded with the line that removed it.

use std::path::Path;

use policy_core::render::kustomize::{
    build_with_options, build_with_removals, removal_related, LoadRestrictor, Options, RemovalHow,
};
use policy_core::source::confine::Fence;
use policy_core::PathSeg;
use serde_json::Value;

mod common;
use common::cli::{json, root, snapshot, tollgate, tollgate_in};

const FIXTURE: &str = "testdata/kustomize-provenance";

#[test]
fn findings_point_at_the_overlay_line_that_set_the_field() {
    // overlays/prod: a strategic-merge patch file makes the container privileged, an inline
    // JSON 6902 patch sets revisionHistoryLimit to 0, `images` retags to `latest`. Each finding
    // points at that line, and (labelled) at the base file that defines the Deployment.
    let prod = format!("{FIXTURE}/overlays/prod");
    let out = tollgate(&["check", "--no-config", "--quiet", &prod]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let human = String::from_utf8_lossy(&out.stdout).to_string();
    snapshot("kustomize-prod-human.txt", &human);

    let out = tollgate(&["check", "--no-config", "--format", "json", &prod]);
    let v = json(&out);
    let findings = v["findings"].as_array().unwrap();
    let by_rule = |rule: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {findings:?}"))
    };
    let privileged = by_rule("privileged-container");
    assert_eq!(privileged["file"], format!("{prod}/privileged.yaml"));
    assert_eq!(privileged["line"], 11);
    assert_eq!(privileged["resource"]["name"], "prod-web");
    assert_eq!(privileged["resource"]["namespace"], "prod");
    assert_eq!(
        privileged["related"][0]["file"],
        format!("{FIXTURE}/base/deployment.yaml")
    );
    assert_eq!(privileged["related"][0]["line"], 1);
    let history = by_rule("revision-history-disabled");
    assert_eq!(history["file"], format!("{prod}/kustomization.yaml"));
    assert_eq!(
        history["line"], 18,
        "the `value: 0` line of the inline patch"
    );
    let latest = by_rule("mutable-image-tag");
    assert_eq!(latest["file"], format!("{prod}/kustomization.yaml"));
    assert_eq!(latest["line"], 8, "the `newTag: latest` line");
    let mut compact: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}:{} related={}",
                f["rule"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["related"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| format!("{}:{}", r["file"].as_str().unwrap(), r["line"]))
                    .collect::<Vec<_>>()
                    .join(",")
            )
        })
        .collect();
    compact.sort();
    snapshot("kustomize-prod-json.txt", &(compact.join("\n") + "\n"));
}

#[test]
fn each_top_level_root_is_checked_once() {
    // base/ and components/debug are included by the overlays: checked through them only.
    let out = tollgate(&["check", "--no-config", "--format", "json", FIXTURE]);
    let v = json(&out);
    assert!(
        v["errors"].as_array().unwrap().is_empty(),
        "{}",
        v["errors"]
    );
    let mut units: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["unit"].as_str().unwrap())
        .collect();
    units.sort();
    units.dedup();
    assert_eq!(
        units,
        vec![
            "testdata/kustomize-provenance/overlays/prod",
            "testdata/kustomize-provenance/overlays/staging"
        ]
    );
    // The component's hostPID patch is reported once, in staging, at the component's line.
    let host: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "host-namespaces")
        .collect();
    assert_eq!(host.len(), 1);
    assert_eq!(
        host[0]["file"],
        format!("{FIXTURE}/components/debug/kustomization.yaml")
    );
    assert_eq!(host[0]["line"], 9);

    // A base named on the command line is built on its own.
    let out = tollgate(&[
        "check",
        "--no-config",
        "--format",
        "json",
        &format!("{FIXTURE}/base"),
    ]);
    let v = json(&out);
    for f in v["findings"].as_array().unwrap() {
        assert_eq!(f["unit"], format!("{FIXTURE}/base"));
        assert_eq!(f["resource"]["name"], "web");
    }
}

#[test]
fn render_prints_what_kubectl_kustomize_prints() {
    // The staging overlay (namespace, a component's JSON patch) against kubectl kustomize
    // 5.5.0's output, committed beside the fixture.
    let out = tollgate(&[
        "render",
        "--no-config",
        "--format",
        "json",
        &format!("{FIXTURE}/overlays/staging"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let got = json(&out);
    let golden = std::fs::read_to_string(root().join(FIXTURE).join("staging.golden.json")).unwrap();
    let want: Value = serde_json::from_str(&golden).unwrap();
    assert_eq!(got, want);
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const CM: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n";

fn error_of(dir: &Path, target: &str) -> String {
    let out = tollgate_in(dir, &["render", "--no-config", target]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn load_restrictions_cycles_and_remote_resources() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    // A file outside the kustomization's directory.
    write(d, "shared/cm.yaml", CM);
    write(
        d,
        "app/kustomization.yaml",
        "resources:\n- ../shared/cm.yaml\n",
    );
    let e = error_of(d, "app");
    assert!(e.contains("app/kustomization.yaml:2:3"), "{e}");
    assert!(e.contains("is not in or below"), "{e}");
    // A cycle, reported with its chain.
    write(d, "a/kustomization.yaml", "resources:\n- ../b\n");
    write(d, "b/kustomization.yaml", "resources:\n- ../a\n");
    let e = error_of(d, "a");
    assert!(e.contains("cycle detected: a -> b -> a"), "{e}");
    // A remote resource needs the network.
    write(
        d,
        "remote/kustomization.yaml",
        "resources:\n- https://github.com/x/y//deploy?ref=v1\n",
    );
    let e = error_of(d, "remote");
    assert!(e.contains("remote/kustomization.yaml:2:3"), "{e}");
    assert!(e.contains("needs the network"), "{e}");
    // A symlink that leaves the repository.
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "kustomization.yaml", "resources: []\n");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path(), d.join("escape")).unwrap();
        write(d, "link/kustomization.yaml", "resources:\n- ../escape\n");
        let e = error_of(d, "link");
        assert!(e.contains("outside the checked root"), "{e}");
    }
    // Unknown fields and malformed YAML, at their line.
    write(
        d,
        "bad/kustomization.yaml",
        "resources: []\nnamePrefx: x-\n",
    );
    let e = error_of(d, "bad");
    assert!(e.contains("bad/kustomization.yaml:2:1"), "{e}");
    assert!(e.contains("unknown field \"namePrefx\""), "{e}");
    write(d, "broken/kustomization.yaml", "resources:\n- [unclosed\n");
    let e = error_of(d, "broken");
    assert!(e.contains("broken/kustomization.yaml:"), "{e}");
    // A strategic merge patch that matches nothing is an error, as in kustomize.
    write(d, "nomatch/cm.yaml", CM);
    write(
        d,
        "nomatch/patch.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  a: b\n",
    );
    write(
        d,
        "nomatch/kustomization.yaml",
        "resources:\n- cm.yaml\npatches:\n- path: patch.yaml\n",
    );
    let e = error_of(d, "nomatch");
    assert!(
        e.contains("no resource matches strategic merge patch"),
        "{e}"
    );
}

#[test]
fn a_broken_root_does_not_hide_other_units() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "good/kustomization.yaml", "resources:\n- deploy.yaml\n");
    write(
        d,
        "good/deploy.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  containers:\n  - name: c\n    image: nginx:1.25\n",
    );
    write(d, "bad/kustomization.yaml", "resources:\n- missing.yaml\n");
    let out = tollgate_in(d, &["check", "--no-config", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "host-namespaces" && f["file"] == "good/deploy.yaml"));
    assert_eq!(v["errors"][0]["file"], "bad/kustomization.yaml");
    assert_eq!(v["errors"][0]["line"], 2);
}

const HELM_ROOT: &str = "testdata/kustomize-helm/shop";

#[test]
fn findings_through_helm_charts_point_at_the_template_and_the_values_inline_line() {
    // shop/ inflates its vendored chart with `helmCharts` (valuesInline: tag latest,
    // privileged) and patches hostNetwork in. Each finding points at the template line that
    // printed the field (or the patch line), and, labelled, at the kustomization's
    // valuesInline line of the value.
    let out = tollgate(&["check", "--no-config", "--quiet", HELM_ROOT]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    snapshot(
        "kustomize-helm-shop-human.txt",
        &String::from_utf8_lossy(&out.stdout),
    );
    let out = tollgate(&["check", "--no-config", "--format", "json", HELM_ROOT]);
    let v = json(&out);
    let text = serde_json::to_string_pretty(&v["findings"]).unwrap() + "\n";
    snapshot("kustomize-helm-shop-json.txt", &text);
    let findings = v["findings"].as_array().unwrap();
    let by_rule = |rule: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {findings:?}"))
    };
    let kustomization = format!("{HELM_ROOT}/kustomization.yaml");
    let template = format!("{HELM_ROOT}/charts/app/templates/deployment.yaml");

    // toYaml .Values.securityContext | nindent 12, and `privileged: true` in valuesInline.
    let privileged = by_rule("privileged-container");
    assert_eq!(privileged["file"], template);
    assert_eq!(privileged["line"], 22);
    assert_eq!(privileged["resource"]["name"], "prod-shop-app");
    assert_eq!(privileged["resource"]["namespace"], "shop");
    let related = privileged["related"].as_array().unwrap();
    assert!(
        related.iter().any(|r| r["file"] == kustomization.as_str()
            && r["line"] == 11
            && r["label"] == "value set here"),
        "{related:?}"
    );

    // image: "{{ repository }}:{{ tag }}": the chart's repository, and `tag: latest` inline.
    let image = by_rule("mutable-image-tag");
    assert_eq!(image["file"], template);
    assert_eq!(image["line"], 20);
    let lines: Vec<(String, i64)> = image["related"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["label"] == "value set here")
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["line"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (format!("{HELM_ROOT}/charts/app/values.yaml"), 3),
            (kustomization.clone(), 9)
        ]
    );

    // The patch's hostNetwork line.
    let host = by_rule("host-namespaces");
    assert_eq!(host["file"], format!("{HELM_ROOT}/host-network.yaml"));
    assert_eq!(host["line"], 8);

    // The chart is checked through the root only: one unit.
    let out = tollgate(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "testdata/kustomize-helm",
    ]);
    let v = json(&out);
    let mut units: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["unit"].as_str().unwrap())
        .collect();
    units.dedup();
    assert_eq!(units, vec![HELM_ROOT]);
}

/// A chart with a ConfigMap, a test hook and an install hook, for `helmCharts` options.
fn hook_chart(d: &Path, home: &str) {
    write(
        d,
        &format!("{home}/hooks/Chart.yaml"),
        "apiVersion: v2\nname: hooks\nversion: 0.1.0\n",
    );
    write(d, &format!("{home}/hooks/values.yaml"), "greeting: hello\n");
    write(
        d,
        &format!("{home}/hooks/templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n  namespace: {{ .Release.Namespace }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n",
    );
    write(
        d,
        &format!("{home}/hooks/templates/test.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-test\n  annotations:\n    helm.sh/hook: test\nspec:\n  containers:\n  - name: t\n    image: busybox:1.36\n",
    );
    write(
        d,
        &format!("{home}/hooks/templates/job.yaml"),
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-migrate\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: m\n        image: busybox:1.36\n",
    );
}

fn rendered_names(dir: &Path, target: &str) -> Vec<String> {
    let out = tollgate_in(dir, &["render", "--no-config", "--format", "json", target]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    v.as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|d| {
            format!(
                "{}/{}/{}",
                d["kind"].as_str().unwrap_or(""),
                d["metadata"]["namespace"].as_str().unwrap_or(""),
                d["metadata"]["name"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn helm_charts_names_hooks_and_errors() {
    // What the conformance goldens cannot show (the helm stand-in refuses them): hooks, test
    // hooks, --generate-name, --name-template, and errors inside the chart.
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    hook_chart(d, "all/charts");
    write(
        d,
        "all/kustomization.yaml",
        "helmCharts:\n- name: hooks\n  releaseName: r\n  namespace: ns\n",
    );
    // Hooks are kept (kustomize's legacy order then sorts every object by kind, as with
    // `kubectl kustomize`: Job before Pod).
    assert_eq!(
        rendered_names(d, "all"),
        vec!["ConfigMap/ns/r-cm", "Job//r-migrate", "Pod//r-test"]
    );
    hook_chart(d, "notests/charts");
    write(
        d,
        "notests/kustomization.yaml",
        "helmCharts:\n- name: hooks\n  releaseName: r\n  skipTests: true\n",
    );
    assert_eq!(
        rendered_names(d, "notests"),
        vec!["ConfigMap/default/r-cm", "Job//r-migrate"]
    );
    hook_chart(d, "nohooks/charts");
    write(
        d,
        "nohooks/kustomization.yaml",
        "helmCharts:\n- name: hooks\n  skipHooks: true\n",
    );
    // No releaseName: Helm's --generate-name, with Tollgate's fixed clock.
    assert_eq!(
        rendered_names(d, "nohooks"),
        vec!["ConfigMap/default/hooks-1735689600-cm"]
    );
    hook_chart(d, "named/charts");
    write(
        d,
        "named/kustomization.yaml",
        "helmCharts:\n- name: hooks\n  skipHooks: true\n  nameTemplate: '{{ \"x\" | upper }}-rel'\n",
    );
    assert_eq!(
        rendered_names(d, "named"),
        vec!["ConfigMap/default/X-rel-cm"]
    );
    write(
        d,
        "named/kustomization.yaml",
        "helmCharts:\n- name: hooks\n  releaseName: r\n  nameTemplate: x\n",
    );
    let e = error_of(d, "named");
    assert!(e.contains("named/kustomization.yaml:4:17"), "{e}");
    assert!(
        e.contains("cannot set --name-template and also specify a name"),
        "{e}"
    );

    // A template error is an input error at the template's line.
    hook_chart(d, "broken/charts");
    write(
        d,
        "broken/charts/hooks/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required \"name is required\" .Values.name }}\n",
    );
    write(
        d,
        "broken/kustomization.yaml",
        "helmCharts:\n- name: hooks\n  releaseName: r\n",
    );
    let e = error_of(d, "broken");
    assert!(
        e.contains("broken/charts/hooks/templates/cm.yaml:4:"),
        "{e}"
    );
    assert!(e.contains("name is required"), "{e}");
    // A chart that is not vendored would be pulled: it needs the network.
    write(
        d,
        "remote/kustomization.yaml",
        "helmCharts:\n- name: podinfo\n  repo: https://stefanprodan.github.io/podinfo\n  version: 6.7.0\n  releaseName: r\n",
    );
    let e = error_of(d, "remote");
    assert!(e.contains("remote/kustomization.yaml:2:3"), "{e}");
    assert!(e.contains("needs the network"), "{e}");
    // The values merge refuses a map over a scalar, at the inline line.
    hook_chart(d, "merge/charts");
    write(
        d,
        "merge/kustomization.yaml",
        "helmCharts:\n- name: hooks\n  releaseName: r\n  valuesInline:\n    greeting:\n      nested: 1\n",
    );
    let e = error_of(d, "merge");
    assert!(e.contains("wrong node kind"), "{e}");
    assert!(e.contains("merge/kustomization.yaml:6:"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// The build API: the load restrictor and what overlays removed.

fn options(load_restrictor: LoadRestrictor) -> Options {
    Options { load_restrictor }
}

/// `kubectl kustomize --load-restrictor LoadRestrictionsNone` reads files outside the root's
/// directory (the golden is kubectl's, see scripts/gen_load_restrictor_golden.sh); the default
/// refuses them, as kustomize does; and with `None` nothing outside the fence is read either.
#[test]
fn load_restrictor_none_reads_outside_the_root_but_never_outside_the_fence() {
    assert_eq!(
        "LoadRestrictionsNone".parse::<LoadRestrictor>(),
        Ok(LoadRestrictor::None)
    );
    assert_eq!(
        "LoadRestrictionsRootOnly".parse::<LoadRestrictor>(),
        Ok(LoadRestrictor::RootOnly)
    );
    assert!("none".parse::<LoadRestrictor>().is_err());

    let case = root().join("testdata/kustomize/tollgate-cases/load-restrictor");
    let overlay = case.join("overlay");
    let fence = Fence::around(&root());
    let show = |p: &Path| p.display().to_string();
    let limits = Default::default();

    let none = build_with_options(
        &overlay,
        &fence,
        &show,
        &limits,
        None,
        &options(LoadRestrictor::None),
    )
    .unwrap_or_else(|e| panic!("LoadRestrictionsNone build failed: {}", e.message));
    let golden_path = case.join("LoadRestrictionsNone.golden.yaml");
    let golden_text = std::fs::read_to_string(&golden_path).unwrap();
    let golden =
        common::compare::parse_golden_yaml(&golden_path.display().to_string(), &golden_text)
            .unwrap();
    let built: Vec<Value> = none.iter().map(|d| d.root.to_json()).collect();
    assert_eq!(
        common::compare::compare_documents(&golden, &built),
        None,
        "LoadRestrictionsNone differs from kubectl's"
    );

    let root_only = build_with_options(
        &overlay,
        &fence,
        &show,
        &limits,
        None,
        &options(LoadRestrictor::RootOnly),
    )
    .expect_err("the default restrictor refuses ../shared");
    assert!(
        root_only.message.contains("is not in or below"),
        "{}",
        root_only.message
    );

    // The fence still holds with LoadRestrictionsNone: `..` out of the repository, and a
    // symlink to a file outside it, are refused.
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir_all(d.join("repo/.git")).unwrap();
    write(d, "outside.yaml", CM);
    write(
        d,
        "repo/app/kustomization.yaml",
        "resources:\n- ../../outside.yaml\n",
    );
    let fence = Fence::around(&d.join("repo"));
    let e = build_with_options(
        &d.join("repo/app"),
        &fence,
        &show,
        &limits,
        None,
        &options(LoadRestrictor::None),
    )
    .expect_err("outside the fence");
    assert!(
        e.message.contains("outside the checked root"),
        "{}",
        e.message
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(d.join("outside.yaml"), d.join("repo/link.yaml")).unwrap();
        write(
            d,
            "repo/via-link/kustomization.yaml",
            "resources:\n- ../link.yaml\n",
        );
        let e = build_with_options(
            &d.join("repo/via-link"),
            &fence,
            &show,
            &limits,
            None,
            &options(LoadRestrictor::None),
        )
        .expect_err("a symlink out of the fence");
        assert!(
            e.message.contains("outside the checked root"),
            "{}",
            e.message
        );
        // Inside the fence, the same layout builds.
        write(d, "repo/shared/cm.yaml", CM);
        write(
            d,
            "repo/inside/kustomization.yaml",
            "resources:\n- ../shared/cm.yaml\n",
        );
        let docs = build_with_options(
            &d.join("repo/inside"),
            &fence,
            &show,
            &limits,
            None,
            &options(LoadRestrictor::None),
        )
        .unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(docs.len(), 1);
    }
}

/// What an overlay removes (`$patch: delete` of a field and of a list item, a `null`, a JSON
/// 6902 `remove`) is recorded with the line that removed it, for findings to show.
#[test]
fn removals_point_at_the_overlay_line_that_removed_the_field() {
    let base = root().canonicalize().unwrap();
    let overlay = base.join("testdata/kustomize/tollgate-cases/removals-overlay/overlay");
    let built = build_with_removals(
        &overlay,
        &Fence::around(&base),
        &|p| p.strip_prefix(&base).unwrap_or(p).display().to_string(),
        &Default::default(),
        None,
        &options(LoadRestrictor::RootOnly),
    )
    .unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!(built.len(), 1);
    let key = |k: &str| PathSeg::Key(k.to_string());
    let container = vec![
        key("spec"),
        key("template"),
        key("spec"),
        key("containers"),
        PathSeg::Index(0),
    ];
    let at = |mut p: Vec<PathSeg>, k: &[&str]| {
        p.extend(k.iter().map(|k| key(k)));
        p
    };
    let got: Vec<(Vec<PathSeg>, bool, String, usize, RemovalHow)> = built[0]
        .removals
        .iter()
        .map(|r| {
            (
                r.path.clone(),
                r.item,
                r.at.file.name().to_string(),
                r.at.start().line,
                r.how,
            )
        })
        .collect();
    let patch = "testdata/kustomize/tollgate-cases/removals-overlay/overlay/remove-probe.yaml";
    let kust = "testdata/kustomize/tollgate-cases/removals-overlay/overlay/kustomization.yaml";
    assert_eq!(
        got,
        vec![
            (
                vec![key("metadata"), key("labels"), key("tier")],
                false,
                patch.to_string(),
                6,
                RemovalHow::Null
            ),
            (
                at(container.clone(), &["readinessProbe"]),
                false,
                patch.to_string(),
                13,
                RemovalHow::PatchDelete
            ),
            (
                at(container.clone(), &["securityContext", "runAsNonRoot"]),
                false,
                patch.to_string(),
                15,
                RemovalHow::Null
            ),
            (
                container[..4].to_vec(),
                true,
                patch.to_string(),
                17,
                RemovalHow::PatchDelete
            ),
            (
                at(container.clone(), &["livenessProbe"]),
                false,
                kust.to_string(),
                8,
                RemovalHow::JsonRemove
            ),
        ]
    );
    // A finding about the container (a missing probe) shows where each was removed.
    let related = removal_related(&built[0].removals, &container);
    let labels: Vec<(String, usize)> = related
        .iter()
        .map(|r| (r.label.clone(), r.at.start().line))
        .collect();
    assert_eq!(
        labels,
        vec![
            (
                "`readinessProbe` removed here (`$patch: delete`)".to_string(),
                13
            ),
            (
                "`runAsNonRoot` removed here (`null` in a strategic merge patch)".to_string(),
                15
            ),
            (
                "`livenessProbe` removed here (JSON patch `remove`)".to_string(),
                8
            ),
        ]
    );
    // One inside a removed field too; one about another container does not.
    let inside = at(container.clone(), &["readinessProbe", "httpGet"]);
    assert_eq!(removal_related(&built[0].removals, &inside).len(), 1);
    let other = at(container[..4].to_vec(), &[]);
    let mut second = other.clone();
    second.push(PathSeg::Index(1));
    assert!(removal_related(&built[0].removals, &second).is_empty());
}

/// The load restrictor from the command line and from `.tollgate.yaml` (the flag wins); a bad
/// value in the configuration is an error at its line.
#[test]
fn the_load_restrictor_is_a_flag_and_a_configuration_key() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(d, "shared/cm.yaml", CM);
    write(
        d,
        "app/kustomization.yaml",
        "resources:\n- ../shared/cm.yaml\n",
    );
    let check = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push("app");
        let out = tollgate_in(d, &all);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
    };
    let (code, out) = check(&["--no-config"]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("is not in or below"), "{out}");
    let (code, out) = check(&["--no-config", "--load-restrictor", "LoadRestrictionsNone"]);
    assert_eq!(code, Some(0), "{out}");
    write(
        d,
        ".tollgate.yaml",
        "kustomize:\n  load-restrictor: LoadRestrictionsNone\n",
    );
    let (code, out) = check(&[]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = check(&["--load-restrictor", "LoadRestrictionsRootOnly"]);
    assert_eq!(code, Some(2), "{out}");
    write(d, ".tollgate.yaml", "kustomize:\n  load-restrictor: Nope\n");
    let out = tollgate_in(d, &["check", "app"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(".tollgate.yaml:2:20") && err.contains("LoadRestrictionsNone"),
        "{err}"
    );
}

/// A finding about what an overlay removed shows the overlay's removing line.
#[test]
fn findings_show_the_overlay_line_that_removed_what_they_miss() {
    let out = tollgate(&[
        "check",
        "--format",
        "json",
        "--no-config",
        "testdata/kustomize/tollgate-cases/removals-overlay/overlay",
    ]);
    let report = json(&out);
    let probe = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "missing-readiness-probe")
        .unwrap_or_else(|| panic!("{report:#}"));
    let related: Vec<(String, u64, String)> = probe["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
                r["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        related.contains(&(
            "testdata/kustomize/tollgate-cases/removals-overlay/overlay/remove-probe.yaml".into(),
            13,
            "`readinessProbe` removed here (`$patch: delete`)".into()
        )),
        "{related:#?}"
    );
}

/// kustomize loads a kustomization file through the kustomization's own loader, whose default
/// restrictor (`LoadRestrictionsRootOnly`) refuses a file whose real path is not in or below
/// the directory: a `kustomization.yaml` that is a symlink out of its folder is not there at
/// all (argo-cd's `test/e2e/testdata2/guestbook-symlink-files`). What `kubectl kustomize`
/// v5.5.0 does with each layout below (checked by hand):
/// - `root` (every file a symlink to `../base`): `unable to find one of 'kustomization.yaml',
///   'kustomization.yml' or 'Kustomization' in directory '<abs>/root'`; with
///   `--load-restrictor LoadRestrictionsNone` it builds base's ConfigMap;
/// - `inner` (`kustomization.yaml -> sub/k.yaml`, inside the folder): builds, its `cm.yaml`
///   being `inner/cm.yaml`;
/// - `both` (that symlink out, and a `kustomization.yml`): builds from `kustomization.yml`;
///   with `LoadRestrictionsNone`, `Found multiple kustomization files under: <abs>/both`.
#[cfg(unix)]
#[test]
fn a_kustomization_file_symlinked_out_of_its_folder_is_not_found() {
    use policy_core::render::kustomize::build_traced_with;
    use std::os::unix::fs::symlink;

    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir_all(d.join("repo/.git")).unwrap();
    let r = d.join("repo");
    write(&r, "base/kustomization.yaml", "resources:\n- cm.yaml\n");
    write(&r, "base/cm.yaml", CM);
    std::fs::create_dir_all(r.join("root")).unwrap();
    symlink(
        "../base/kustomization.yaml",
        r.join("root/kustomization.yaml"),
    )
    .unwrap();
    symlink("../base/cm.yaml", r.join("root/cm.yaml")).unwrap();
    // Paths in it are relative to the kustomization's folder, not to where the link leads.
    write(&r, "inner/sub/k.yaml", "resources:\n- cm.yaml\n");
    write(&r, "inner/cm.yaml", CM);
    symlink("sub/k.yaml", r.join("inner/kustomization.yaml")).unwrap();
    write(&r, "both/kustomization.yml", "resources:\n- cm.yaml\n");
    write(&r, "both/cm.yaml", CM);
    symlink(
        "../base/kustomization.yaml",
        r.join("both/kustomization.yaml"),
    )
    .unwrap();
    // A kustomization file that leads out of the repository (the fence).
    write(d, "outside/kustomization.yaml", "resources:\n- cm.yaml\n");
    write(d, "outside/cm.yaml", CM);
    std::fs::create_dir_all(r.join("escape")).unwrap();
    symlink(
        d.join("outside/kustomization.yaml"),
        r.join("escape/kustomization.yaml"),
    )
    .unwrap();

    let e = error_of(&r, "root");
    assert!(
        e.contains(
            "unable to find one of 'kustomization.yaml', 'kustomization.yml' or \
             'Kustomization' in directory 'root'"
        ),
        "{e}"
    );
    assert!(!e.contains("is not in or below"), "{e}");
    // Discovery already refuses a file that leads out of the repository.
    let e = error_of(&r, "escape");
    assert!(e.contains("outside the checked root"), "{e}");

    let fence = Fence::around(&r);
    let show = |p: &Path| p.display().to_string();
    let limits = Default::default();
    let build = |dir: &str, restrictor| {
        build_traced_with(
            &r.join(dir),
            &fence,
            &show,
            &limits,
            None,
            &options(restrictor),
        )
    };
    let names = |built: &[policy_core::render::kustomize::Built]| -> Vec<String> {
        built
            .iter()
            .map(|b| b.document.resource.name.clone())
            .collect()
    };
    for (dir, restrictor) in [
        ("root", LoadRestrictor::None),
        ("inner", LoadRestrictor::RootOnly),
        ("both", LoadRestrictor::RootOnly),
    ] {
        let (built, _) = build(dir, restrictor);
        let built = built.unwrap_or_else(|e| panic!("{dir}: {}", e.message));
        assert_eq!(names(&built), ["cm"], "{dir}");
    }
    let (built, _) = build("both", LoadRestrictor::None);
    let e = built.expect_err("two kustomization files");
    assert!(
        e.message.contains("Found multiple kustomization files"),
        "{}",
        e.message
    );
    // Out of the fence: never read, whatever the restrictor (with `None` kustomize would read
    // it; Tollgate refuses it).
    let (built, read) = build("escape", LoadRestrictor::RootOnly);
    let e = built.expect_err("not found");
    assert!(e.message.contains("unable to find one of"), "{}", e.message);
    assert!(
        read.iter().all(|p| !p.starts_with(d.join("outside"))),
        "{read:?}"
    );
    let (built, read) = build("escape", LoadRestrictor::None);
    let e = built.expect_err("outside the fence");
    assert!(
        e.message.contains("outside the checked root"),
        "{}",
        e.message
    );
    assert!(
        read.iter().all(|p| !p.starts_with(d.join("outside"))),
        "{read:?}"
    );
}

/// kustomize refuses a kustomization that sets nothing but `apiVersion` and `kind`
/// (`CheckEmpty`: `kustomization.yaml is empty`, whatever the file's name), an empty file, and
/// one whose only fields are null, empty strings or the empty `bases`/`imageTags` that
/// `FixKustomization` drops; an empty list of `resources` is not empty. A `kind` other than
/// Kustomization or Component, or the other kind's `apiVersion`, is refused next
/// (`EnforceFields`). (`testdata/kustomize/tollgate-cases/kustomization-*` have kubectl's
/// goldens.)
#[test]
fn empty_kustomizations_are_refused_as_kustomize_refuses_them() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(
        d,
        "meta/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n",
    );
    write(d, "blank/Kustomization", "# nothing yet\n");
    write(
        d,
        "dropped/kustomization.yml",
        "bases: []\nimageTags: []\nnamespace: \"\"\nresources: ~\n",
    );
    write(d, "parent/kustomization.yaml", "resources:\n- ../meta\n");
    for (dir, file) in [
        ("meta", "meta/kustomization.yaml:1:1"),
        ("blank", "blank/Kustomization:1:1"),
        ("dropped", "dropped/kustomization.yml:1:1"),
        ("parent", "meta/kustomization.yaml:1:1"),
    ] {
        let e = error_of(d, dir);
        assert!(
            e.contains(&format!("{file}: kustomization.yaml is empty")),
            "{dir}: {e}"
        );
    }
    write(d, "lists/kustomization.yaml", "resources: []\n");
    let out = tollgate_in(d, &["render", "--no-config", "lists"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    write(d, "kind/kustomization.yaml", "kind: Foo\nresources: []\n");
    let e = error_of(d, "kind");
    assert!(
        e.contains("kind/kustomization.yaml:1:7: Failed to read kustomization file under kind:")
            && e.contains("kind should be Kustomization or Component"),
        "{e}"
    );
    write(
        d,
        "component/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Component\nresources: []\n",
    );
    let e = error_of(d, "component");
    assert!(
        e.contains("apiVersion for Component should be kustomize.config.k8s.io/v1alpha1"),
        "{e}"
    );
}
