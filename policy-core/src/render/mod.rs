//! Renderers: what turns a Kustomize root (and, later, a Helm chart) into the documents the rules
//! see, with every node's span pointing at the file and line that set it.

pub mod kustomize;
