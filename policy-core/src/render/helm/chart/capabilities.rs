//! `.Capabilities` as `helm template` builds it without a cluster
//! (`common.DefaultCapabilities`, then `--kube-version` and `--api-versions`).

use std::sync::Arc;

use super::super::value::{Object, Value};

/// The Kubernetes version `helm template` assumes. Read off the peer engine (Helm v4.2.3,
/// k8s.io/client-go v0.36: `{{ .Capabilities.KubeVersion }}` prints `v1.36.0`) with
/// `/work/shared/peers/helm-template.sh`.
pub const DEFAULT_KUBE_VERSION: (u64, u64) = (1, 36);

/// Helm's version as the peer reports it (`{{ .Capabilities.HelmVersion }}` printed
/// `{v4.2   go1.26.6 v1.36}`): Version, GitCommit, GitTreeState, GoVersion, KubeClientVersion.
pub const HELM_VERSION: [&str; 5] = ["v4.2", "", "", "go1.26.6", "v1.36"];

/// `{{ .Capabilities.APIVersions | toJson }}` of the peer engine (Helm v4.2.3 built with
/// client-go v0.36: the scheme's prioritized group versions plus apiextensions), in its order.
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha2",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// `*common.Capabilities`.
struct Capabilities {
    kube: Value,
    apis: Value,
    helm: Value,
}

impl Object for Capabilities {
    fn type_name(&self) -> &str {
        "*common.Capabilities"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "KubeVersion" => Some(self.kube.clone()),
            "APIVersions" => Some(self.apis.clone()),
            "HelmVersion" => Some(self.helm.clone()),
            _ => None,
        }
    }
    fn call(&self, method: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        match method {
            "Copy" => Some(Ok(Value::Object(Arc::new(Capabilities {
                kube: self.kube.clone(),
                apis: self.apis.clone(),
                helm: self.helm.clone(),
            })))),
            _ => None,
        }
    }
    fn display(&self) -> String {
        format!(
            "&{{{} {} {}}}",
            kube_struct(&self.kube),
            self.apis.as_object_display(),
            self.helm.as_object_display()
        )
    }
}

fn kube_struct(v: &Value) -> String {
    match v {
        Value::Object(o) => match (o.field("Version"), o.field("Major"), o.field("Minor")) {
            (Some(a), Some(b), Some(c)) => format!(
                "{{{} {} {}}}",
                a.as_str().unwrap_or(""),
                b.as_str().unwrap_or(""),
                c.as_str().unwrap_or("")
            ),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

trait DisplayObject {
    fn as_object_display(&self) -> String;
}

impl DisplayObject for Value {
    fn as_object_display(&self) -> String {
        match self {
            Value::Object(o) => o.display(),
            _ => String::new(),
        }
    }
}

/// `common.KubeVersion`: fields `Version`, `Major`, `Minor`, method `GitVersion`; prints
/// (through `String`) as its normalized version.
struct KubeVersion {
    version: String,
    normalized: String,
    major: String,
    minor: String,
}

impl Object for KubeVersion {
    fn type_name(&self) -> &str {
        "common.KubeVersion"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Version" => Some(Value::str(self.version.as_str())),
            "Major" => Some(Value::str(self.major.as_str())),
            "Minor" => Some(Value::str(self.minor.as_str())),
            "GitVersion" => Some(Value::str(self.version.as_str())),
            _ => None,
        }
    }
    fn call(&self, method: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let v = match method {
            "GitVersion" => self.version.clone(),
            "String" => self.normalized.clone(),
            _ => return None,
        };
        if !args.is_empty() {
            return Some(Err(format!(
                "wrong number of args for {method}: want 0 got {}",
                args.len()
            )));
        }
        Some(Ok(Value::str(v)))
    }
    fn display(&self) -> String {
        self.normalized.clone()
    }
}

/// `common.VersionSet` (`[]string` with method `Has`).
struct VersionSet(Vec<String>);

impl Object for VersionSet {
    fn type_name(&self) -> &str {
        "common.VersionSet"
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn call(&self, method: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if method != "Has" {
            return None;
        }
        Some(match args {
            [Value::Str(s)] => Ok(Value::Bool(self.0.iter().any(|v| **v == *s.text), None)),
            [other] => Err(format!(
                "wrong type for value; expected string; got {}",
                other.type_name()
            )),
            _ => Err(format!(
                "wrong number of args for Has: want 1 got {}",
                args.len()
            )),
        })
    }
    fn display(&self) -> String {
        format!("[{}]", self.0.join(" "))
    }
}

/// `version.BuildInfo`.
struct BuildInfo;

impl Object for BuildInfo {
    fn type_name(&self) -> &str {
        "version.BuildInfo"
    }
    fn field(&self, name: &str) -> Option<Value> {
        let i = match name {
            "Version" => 0,
            "GitCommit" => 1,
            "GitTreeState" => 2,
            "GoVersion" => 3,
            "KubeClientVersion" => 4,
            _ => return None,
        };
        Some(Value::str(HELM_VERSION[i]))
    }
    fn call(&self, _method: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        None
    }
    fn display(&self) -> String {
        format!("{{{}}}", HELM_VERSION.join(" "))
    }
}

/// Kubernetes' `version.ParseGeneric`: `v1.31`, `1.31.2`, `v1.33.4-gke.1245000` (at least major
/// and minor, numbers without leading zeros, anything after the numbers a `-`/`+` suffix).
fn parse_kube_version(s: &str) -> Option<KubeVersion> {
    let t = s.trim();
    let body = t.strip_prefix('v').unwrap_or(t);
    let end = body.find(['-', '+']).unwrap_or(body.len());
    let core = &body[..end];
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() < 2 || parts.len() > 3 {
        return None;
    }
    let mut nums = Vec::new();
    for p in &parts {
        if p.is_empty()
            || !p.bytes().all(|b| b.is_ascii_digit())
            || (p.len() > 1 && p.starts_with('0'))
        {
            return None;
        }
        nums.push(p.parse::<u64>().ok()?);
    }
    let patch = nums.get(2).copied().unwrap_or(0);
    let version = if s.starts_with('v') {
        s.to_string()
    } else {
        format!("v{s}")
    };
    Some(KubeVersion {
        version,
        normalized: format!("v{}.{}.{}", nums[0], nums[1], patch),
        major: nums[0].to_string(),
        minor: nums[1].to_string(),
    })
}

/// `.Capabilities`: `KubeVersion` (`kube_version` if given, else Helm's default, v1.36.0),
/// `APIVersions` (Helm's default list plus `extra_api_versions`, as `--api-versions` adds
/// them) and `HelmVersion`. Fails on a kube version Kubernetes' parser refuses.
pub fn capabilities(
    kube_version: Option<&str>,
    extra_api_versions: &[String],
) -> Result<Value, String> {
    let kube = match kube_version {
        Some(v) => parse_kube_version(v).ok_or_else(|| format!("invalid kube version {v:?}"))?,
        None => {
            let (maj, min) = DEFAULT_KUBE_VERSION;
            let v = format!("v{maj}.{min}.0");
            KubeVersion {
                version: v.clone(),
                normalized: v,
                major: maj.to_string(),
                minor: min.to_string(),
            }
        }
    };
    let mut apis: Vec<String> = DEFAULT_API_VERSIONS.iter().map(|s| s.to_string()).collect();
    apis.extend(extra_api_versions.iter().cloned());
    Ok(Value::Object(Arc::new(Capabilities {
        kube: Value::Object(Arc::new(kube)),
        apis: Value::Object(Arc::new(VersionSet(apis))),
        helm: Value::Object(Arc::new(BuildInfo)),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kube_versions() {
        let k = parse_kube_version("1.33.4-gke.1245000");
        assert!(k
            .as_ref()
            .is_some_and(|k| k.version == "v1.33.4-gke.1245000"
                && k.normalized == "v1.33.4"
                && k.minor == "33"));
        assert!(parse_kube_version("v1.31").is_some_and(|k| k.normalized == "v1.31.0"));
        assert!(parse_kube_version("1").is_none());
        assert!(capabilities(Some("banana"), &[]).is_err());
    }
}
