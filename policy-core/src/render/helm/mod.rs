//! Native Helm rendering: chart loading, values, a Go `text/template` engine with sprig and Helm
//! functions, and provenance from every rendered node back to its template and values lines.

pub mod chart;
pub mod funcs;
pub mod template;
pub mod value;

mod provenance;

pub use provenance::{Provenance, Traced};
mod options;

pub use options::Options;
mod render;

pub use render::{render, Manifest};
