//! Native Helm rendering, as Helm 4's `helm template` renders a chart: chart loading and values
//! ([`chart`]), a Go `text/template` engine ([`template`]) with the sprig and Helm functions
//! ([`funcs`]) on Go-like values ([`value`]), and provenance ([`Provenance`]) from every byte of
//! rendered output back to the template text that printed it and the values line it printed.
//!
//! ```no_run
//! use policy_core::render::helm::{render, Options};
//! use policy_core::source::Limits;
//! use std::path::Path;
//!
//! let options = Options {
//!     values: vec!["charts/web/values-prod.yaml".into()],
//!     ..Options::default()
//! };
//! let manifests = render(
//!     Path::new("charts/web"),
//!     &|p| p.display().to_string(),
//!     &Limits::default(),
//!     &options,
//! )?;
//! for m in &manifests {
//!     println!("{} from {}", m.document.resource.display(), m.source);
//! }
//! # Ok::<(), policy_core::LoadError>(())
//! ```

pub mod chart;
pub mod funcs;
pub mod template;
pub mod value;

mod budget;
mod options;
mod provenance;
mod render;

pub use options::Options;
pub use provenance::{Provenance, Traced};
pub use render::{render, render_templates, Manifest};
pub(crate) use render::{render_nodes, Extra};

#[cfg(test)]
mod tests;
