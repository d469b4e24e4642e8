//! Output formats: human (annotate-snippets, rustc style) and JSON for findings; YAML and JSON
//! streams for rendered documents.

mod catalogue;
mod human;
mod json;
mod render;

pub use catalogue::{catalogue, explain};
pub use human::{human, HumanOptions};
pub use json::{json, write_json};
pub use render::{render_json, render_yaml};
