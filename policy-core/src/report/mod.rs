//! Output formats: human (annotate-snippets, rustc style) and JSON for findings; YAML and JSON
//! streams for rendered documents.

mod human;
mod json;
mod catalogue;
mod render;

pub use human::{human, HumanOptions};
pub use json::json;
pub use catalogue::{catalogue, explain};
pub use render::{render_json, render_yaml};
