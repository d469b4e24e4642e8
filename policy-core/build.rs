//! Embeds the built-in rule pack (`../rules/**/*.rego`) into the library, with each rule's
//! fixtures (`../testdata/rules/<id>/{fail,pass}.{yaml,sql}`) as its bad and good examples.
use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().and_then(|e| e.to_str()) == Some("rego") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let rules = manifest.join("..").join("rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files = Vec::new();
    collect(&rules, &mut files);
    files.sort();
    let mut code = String::from("/// The built-in rule pack: (path under `rules/`, text).\npub static BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for file in &files {
        let rel = file
            .strip_prefix(&rules)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        let abs = fs::canonicalize(file).unwrap_or_else(|_| file.clone());
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            abs.display().to_string()
        ));
    }
    code.push_str("];\n");
    // Examples: the rule fixtures, tested by the CLI's rule_fixtures test.
    let fixtures = manifest.join("..").join("testdata").join("rules");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    code.push_str("/// Rule examples: (rule id, \"bad\" or \"good\", language, text).\npub static RULE_EXAMPLES: &[(&str, &str, &str, &str)] = &[\n");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&fixtures)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        let id = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (file, kind) in [("fail", "bad"), ("pass", "good")] {
            for (ext, lang) in [("yaml", "yaml"), ("sql", "sql")] {
                let path = dir.join(format!("{file}.{ext}"));
                if path.is_file() {
                    let abs = fs::canonicalize(&path).unwrap_or(path);
                    code.push_str(&format!(
                        "    ({id:?}, {kind:?}, {lang:?}, include_str!({:?})),\n",
                        abs.display().to_string()
                    ));
                }
            }
        }
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_rules.rs");
    if let Err(e) = fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
