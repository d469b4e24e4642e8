//! Renderers: what turns a Helm chart or a Kustomize root into the documents the rules see, with
//! every node's span pointing at the file and line that set it.

mod gojson;
pub mod helm;
pub mod kustomize;
