//! What `helm template` takes on its command line.

use std::path::PathBuf;

use super::template;

/// How to render a chart: what `helm template` takes on its command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// `.Release.Name` (`helm template NAME`; default `release-name`, as Helm's).
    pub release_name: String,
    /// `.Release.Namespace` (`--namespace`; default `default`).
    pub namespace: String,
    /// `.Capabilities.KubeVersion` (`--kube-version`); default Helm's own default.
    pub kube_version: Option<String>,
    /// Extra `.Capabilities.APIVersions` (`--api-versions`).
    pub api_versions: Vec<String>,
    /// `-f` values files, in order (later ones win).
    pub values: Vec<PathBuf>,
    /// `--set` assignments (`a.b=x,c[0]=y`), in order.
    pub set: Vec<String>,
    /// `--set-string` assignments: the values stay strings.
    pub set_string: Vec<String>,
    /// Template engine limits (include depth, output size, time).
    pub template_limits: template::Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            release_name: "release-name".to_string(),
            namespace: "default".to_string(),
            kube_version: None,
            api_versions: Vec::new(),
            values: Vec::new(),
            set: Vec::new(),
            set_string: Vec::new(),
            template_limits: template::Limits::default(),
        }
    }
}
