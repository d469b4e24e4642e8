//! Output formats for findings: human (annotate-snippets, rustc style), JSON, SARIF 2.1.0,
//! JUnit XML and GitHub workflow commands; YAML and JSON streams for rendered documents.

mod catalogue;
mod github;
mod human;
mod json;
mod junit;
mod render;
mod sarif;

pub use catalogue::{catalogue, explain, rule_markdown, rules_index_markdown};
pub use github::github;
pub use human::{human, HumanOptions};
pub use json::{json, write_json};
pub use junit::junit;
pub use render::{render_json, render_yaml};
pub use sarif::sarif;
