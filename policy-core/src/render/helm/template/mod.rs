//! Go's `text/template`: lexer, parser and executor, with spans.
//!
//! A [`Templates`] is one namespace of parsed templates, as Go's `*template.Template` set
//! that Helm builds (named `gotpl`): every chart file is added under its name with
//! [`Templates::add`], with the `define`/`block` templates it holds, and then executed by name
//! with [`Templates::execute`]. Helm's engine functions `include` and `tpl` are implemented
//! here; every other function comes from [`funcs::lookup`](super::funcs::lookup).
//!
//! Output carries [`Mark`](super::value::Mark)s: literal template text is marked
//! [`MarkKind::Text`](super::value::MarkKind::Text) with its global span, what an action
//! prints keeps the marks of the printed string, and whatever is left is marked
//! [`MarkKind::Action`](super::value::MarkKind::Action) with the span of the action.

mod exec;
mod format;
mod lex;
mod parse;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::funcs::FuncState;
use super::value::{Str, Value};
use crate::source::Span;

/// Stack size of the thread a top-level execution runs on: nested `include`, `template` and
/// `tpl` calls recurse, and Helm allows a thousand nested `include`s.
const EXEC_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Limits on what executing templates may do.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How many nested `include` calls of the same template are allowed (Helm: 1000).
    pub max_include_depth: usize,
    /// Largest total output of one execution (including the output of `include`s), in bytes.
    pub max_output_bytes: usize,
    /// How deeply `tpl` calls may nest.
    pub max_tpl_depth: usize,
    /// Largest value one function call may build, in bytes: a string (text and marks), the
    /// output of `toYaml`/`toJson`/`toToml`/`%v`, or the nodes a call walks or copies
    /// (`deepCopy`, `merge`, `deepEqual`, printing a map shared at every level). Also bounds
    /// printing a list or map into output. A list or map returned with more than
    /// [`MAX_ELEMS`](super::funcs::conv::MAX_ELEMS) elements is an error too.
    pub max_value_bytes: usize,
    /// Longest wall time one execution may take.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_include_depth: 1000,
            max_output_bytes: 64 * 1024 * 1024,
            max_tpl_depth: 50,
            max_value_bytes: 64 * 1024 * 1024,
            timeout: Duration::from_secs(10),
        }
    }
}

/// A template parse or execution error.
///
/// For a parse error `message` is Go's message (`unexpected "}" in operand`); for an execution
/// error it is what Go prints after `template: FILE:LINE:COL: `, i.e.
/// `executing "NAME" at <.Values.x.y>: nil pointer evaluating interface {}.y`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Global span of the node the error is about (for an error inside `tpl` text: the `tpl`
    /// call).
    pub span: Span,
    /// Name of the template being parsed or executed (a file name, or a `define` name).
    pub template: String,
    /// The message (see the type's documentation).
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

/// One namespace of parsed templates and their `define`s, like Go's `*template.Template` set.
#[derive(Clone)]
pub struct Templates {
    ns: Arc<exec::Namespace>,
    limits: Limits,
}

impl fmt::Debug for Templates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&String> = self.ns.keys().collect();
        names.sort();
        f.debug_struct("Templates").field("names", &names).finish()
    }
}

impl Templates {
    /// An empty namespace.
    pub fn new(limits: Limits) -> Self {
        Templates {
            ns: Arc::new(HashMap::new()),
            limits,
        }
    }

    /// Parses `text` (template named `name`, e.g. "podinfo/templates/deployment.yaml") whose
    /// byte 0 is global offset `base`; registers it and its `define`/`block` templates. A later
    /// definition of the same name replaces an earlier one, unless it is empty (Go's rule).
    /// Errors carry Go's message (`unexpected "}" in operand`, `unclosed action`,
    /// `function "foo" not defined`).
    pub fn add(&mut self, name: &str, text: &str, base: usize) -> Result<(), TemplateError> {
        let parsed = parse::parse(name, text, &exec::has_function).map_err(|e| TemplateError {
            span: Span::new(base + e.pos, base + e.pos),
            template: name.to_string(),
            message: e.message,
        })?;
        let src = Arc::new(exec::Src {
            name: name.to_string(),
            text: Arc::from(text),
            origin: exec::SrcOrigin::Global(base),
        });
        exec::register(Arc::make_mut(&mut self.ns), name, parsed, &src);
        Ok(())
    }

    /// Whether a template (file or define) of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.ns.contains_key(name)
    }

    /// Executes template `name` with `dot` as data (and `$`). Returns the output text with
    /// marks. `<no value>` (Go's text for a missing value) is left in the output.
    ///
    /// Runs on a thread of its own with a deep stack (see [`with_deep_stack`]); to execute many
    /// templates, call [`execute_here`](Templates::execute_here) inside one
    /// [`with_deep_stack`] instead of paying a thread per template.
    pub fn execute(
        &self,
        name: &str,
        dot: &Value,
        state: &mut FuncState,
    ) -> Result<Str, TemplateError> {
        with_deep_stack(|| self.execute_here(name, dot, state)).unwrap_or_else(|message| {
            Err(TemplateError {
                span: Span::default(),
                template: name.to_string(),
                message,
            })
        })
    }

    /// [`execute`](Templates::execute) on the calling thread, which must have a deep stack
    /// (Helm allows 1000 nested `include`s): call it inside [`with_deep_stack`].
    pub fn execute_here(
        &self,
        name: &str,
        dot: &Value,
        state: &mut FuncState,
    ) -> Result<Str, TemplateError> {
        let Some(t) = self.ns.get(name).cloned() else {
            return Err(TemplateError {
                span: Span::default(),
                template: name.to_string(),
                message: format!(
                    "no template {} associated with template {}",
                    format::go_quote(name),
                    format::go_quote(exec::SET_NAME)
                ),
            });
        };
        let mut ex = exec::Exec::new(self.ns.clone(), &self.limits, state);
        ex.exec_template(&t, dot.clone())
            .map_err(|e| TemplateError {
                span: e.span,
                template: e.template,
                message: e.message,
            })
    }
}

/// Runs `f` on a scoped thread with a stack deep enough for template execution (256 MiB of
/// address space, touched only as deep as the templates nest). `Err` when the thread cannot be
/// started or `f` panicked.
pub fn with_deep_stack<R: Send>(f: impl FnOnce() -> R + Send) -> Result<R, String> {
    std::thread::scope(|s| {
        match std::thread::Builder::new()
            .name("helm-template".to_string())
            .stack_size(EXEC_STACK_BYTES)
            .spawn_scoped(s, f)
        {
            Ok(h) => h
                .join()
                .map_err(|_| "internal error: template execution panicked".to_string()),
            Err(e) => Err(format!("cannot start the template execution thread: {e}")),
        }
    })
}

/// Removes every `<no value>` from rendered output (as Helm does), keeping the marks aligned.
pub fn strip_no_value(s: &Str) -> Str {
    exec::strip_no_value(s)
}
