//! The executor of Go's `text/template`, with Helm's `include` and `tpl`, and output marks.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use super::super::budget;
use super::super::funcs::conv::MAX_ELEMS;
use super::super::funcs::{self, FuncState};
use super::super::value::{Mark, MarkKind, Str, StrBuilder, Value};
use super::format::{go_quote, sprint, sprintf, sprintln, to_v};
use super::parse::{self, Arg, ArgKind, Cmd, Control, Node, Num, Pipe};
use super::Limits;
use crate::source::Span;

/// Deepest nesting of template executions (`template`, `include`, `tpl`) in one render.
pub(crate) const MAX_EXEC_DEPTH: usize = 10_000;

/// How many steps between two looks at the clock.
const CLOCK_EVERY: u64 = 1024;

/// The name Helm gives its template set (and every `tpl` template).
pub(crate) const SET_NAME: &str = "gotpl";

/// The templates of a namespace, by name.
pub(crate) type Namespace = HashMap<String, Arc<Tmpl>>;

/// Where the text of a parsed template came from.
#[derive(Debug)]
pub(crate) enum SrcOrigin {
    /// A file: byte 0 of the text is this global offset.
    Global(usize),
    /// Text computed at run time (`tpl`): nodes have no global span; errors point at the call,
    /// literal text is attributed to the values node the text came from, if any.
    Dynamic { call: Span, value: Option<Span> },
}

/// A parsed text: its parse name (the file), its text and where it came from.
#[derive(Debug)]
pub(crate) struct Src {
    pub name: String,
    pub text: Arc<str>,
    pub origin: SrcOrigin,
}

impl Src {
    /// The global span of a local byte range.
    pub fn span(&self, pos: usize, end: usize) -> Span {
        match self.origin {
            SrcOrigin::Global(base) => Span::new(base + pos, base + end),
            SrcOrigin::Dynamic { call, .. } => call,
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        1 + self.text.as_bytes()[..pos]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
    }

    /// Go's `NAME:LINE:COL` (the column is a 0-based byte offset, as Go prints it).
    pub fn location(&self, pos: usize) -> String {
        let pos = pos.min(self.text.len());
        let before = &self.text.as_bytes()[..pos];
        let col = match before.iter().rposition(|b| *b == b'\n') {
            Some(nl) => pos - nl - 1,
            None => pos,
        };
        format!("{}:{}:{}", self.name, self.line(pos), col)
    }
}

/// A template: its name and body, and the text it was parsed from.
#[derive(Debug)]
pub(crate) struct Tmpl {
    pub name: String,
    pub root: Vec<Node>,
    pub src: Arc<Src>,
}

/// An execution error: global span, executing template, message (after `template: LOC: `),
/// and Go's full error text (what an enclosing `include` wraps).
#[derive(Debug, Clone)]
pub(crate) struct ExecError {
    pub span: Span,
    pub template: String,
    pub message: String,
    pub full: String,
}

type R<T> = Result<T, Box<ExecError>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

/// The value of dot or of a variable: `elem` when it came out of a container (Go's static type
/// `interface {}`: a nil there is a nil interface, not an invalid value).
#[derive(Clone)]
struct Dot {
    v: Value,
    elem: bool,
}

struct Var {
    name: String,
    val: Dot,
}

struct Frame<'t> {
    tmpl: &'t Tmpl,
    vars: Vec<Var>,
    out: StrBuilder,
}

/// A place to report an error at: a byte range of the current template and its Go text.
#[derive(Clone, Copy)]
struct At<'n> {
    pos: usize,
    end: usize,
    ctx: &'n dyn fmt::Display,
}

impl<'n> At<'n> {
    fn arg(a: &'n Arg) -> Self {
        At {
            pos: a.pos,
            end: a.end,
            ctx: a,
        }
    }

    fn cmd(c: &'n Cmd) -> Self {
        At {
            pos: c.pos,
            end: c.end,
            ctx: c,
        }
    }
}

struct TemplateNodeText<'a>(&'a str, Option<&'a Pipe>);

impl fmt::Display for TemplateNodeText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            Some(p) => write!(f, "{{{{template {} {}}}}}", go_quote(self.0), p),
            None => write!(f, "{{{{template {}}}}}", go_quote(self.0)),
        }
    }
}

/// Whether `name` is a function a template may call.
pub(crate) fn has_function(name: &str) -> bool {
    is_builtin(name) || name == "include" || name == "tpl" || funcs::lookup(name).is_some()
}

fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "and"
            | "or"
            | "not"
            | "len"
            | "index"
            | "slice"
            | "print"
            | "printf"
            | "println"
            | "eq"
            | "ne"
            | "lt"
            | "le"
            | "gt"
            | "ge"
            | "html"
            | "js"
            | "urlquery"
            | "call"
    )
}

/// Removes every `<no value>` from a marked string (what Helm does to rendered output),
/// moving the marks with the text.
pub(crate) fn strip_no_value(s: &Str) -> Str {
    const NV: &str = "<no value>";
    if !s.text.contains(NV) {
        return s.clone();
    }
    // Kept byte ranges of the original.
    let mut keep = Vec::new();
    let mut at = 0;
    while let Some(x) = s.text[at..].find(NV) {
        keep.push((at, at + x));
        at += x + NV.len();
    }
    keep.push((at, s.text.len()));
    let mut text = String::with_capacity(s.text.len());
    let mut marks = Vec::new();
    for m in s.marks.iter() {
        let (ms, me) = (m.start as usize, m.end as usize);
        let mut out_off = 0;
        for &(a, b) in &keep {
            let lo = ms.max(a);
            let hi = me.min(b);
            if lo < hi {
                let start = out_off + (lo - a);
                let span = if m.kind == MarkKind::Text {
                    Span::new(m.span.start + (lo - ms), m.span.start + (hi - ms))
                } else {
                    m.span
                };
                marks.push(Mark {
                    start: start as u32,
                    end: (start + hi - lo) as u32,
                    span,
                    kind: m.kind,
                });
            }
            out_off += b - a;
        }
    }
    for &(a, b) in &keep {
        text.push_str(&s.text[a..b]);
    }
    marks.sort_by_key(|m| m.start);
    Str {
        text: Arc::from(text),
        marks: Arc::from(marks),
    }
}

/// The state of one top-level execution (shared by the `include`s and `tpl`s it makes).
pub(crate) struct Exec<'a> {
    ns: Arc<Namespace>,
    limits: &'a Limits,
    fs: &'a mut FuncState,
    start: Instant,
    steps: u64,
    out_bytes: usize,
    includes: HashMap<String, usize>,
    depth: usize,
    tpl_depth: usize,
}

impl<'a> Exec<'a> {
    /// A new execution over a namespace.
    pub fn new(ns: Arc<Namespace>, limits: &'a Limits, fs: &'a mut FuncState) -> Self {
        Exec {
            ns,
            limits,
            fs,
            start: Instant::now(),
            steps: 0,
            out_bytes: 0,
            includes: HashMap::new(),
            depth: 0,
            tpl_depth: 0,
        }
    }

    fn fail(&self, f: &Frame, at: At, msg: impl fmt::Display) -> Box<ExecError> {
        let src = &f.tmpl.src;
        let message = format!(
            "executing {} at <{}>: {}",
            go_quote(&f.tmpl.name),
            at.ctx,
            msg
        );
        let full = format!("template: {}: {}", src.location(at.pos), message);
        Box::new(ExecError {
            span: src.span(at.pos, at.end),
            template: f.tmpl.name.clone(),
            message,
            full,
        })
    }

    fn fail_plain(
        &self,
        f: &Frame,
        pos: usize,
        end: usize,
        msg: impl fmt::Display,
    ) -> Box<ExecError> {
        let message = msg.to_string();
        Box::new(ExecError {
            span: f.tmpl.src.span(pos, end),
            template: f.tmpl.name.clone(),
            full: format!("template: {}: {}", f.tmpl.name, message),
            message,
        })
    }

    fn tick(&mut self, f: &Frame, pos: usize) -> R<()> {
        self.steps += 1;
        if self.steps % CLOCK_EVERY == 0 && self.start.elapsed() > self.limits.timeout {
            return Err(self.fail_plain(
                f,
                pos,
                pos,
                format!(
                    "rendering took longer than the limit of {:?}",
                    self.limits.timeout
                ),
            ));
        }
        Ok(())
    }

    fn charge(&mut self, f: &Frame, pos: usize, n: usize) -> R<()> {
        self.out_bytes += n;
        if self.out_bytes > self.limits.max_output_bytes {
            return Err(self.fail_plain(
                f,
                pos,
                pos,
                format!(
                    "rendered output exceeds the limit of {} bytes",
                    self.limits.max_output_bytes
                ),
            ));
        }
        Ok(())
    }

    /// Executes `t` with `data` as dot and `$`; returns its output.
    pub fn exec_template(&mut self, t: &Tmpl, data: Value) -> R<Str> {
        let mut f = Frame {
            tmpl: t,
            vars: vec![Var {
                name: "$".to_string(),
                val: Dot {
                    v: data.clone(),
                    elem: false,
                },
            }],
            out: StrBuilder::new(),
        };
        self.depth += 1;
        if self.depth > MAX_EXEC_DEPTH {
            self.depth -= 1;
            return Err(self.fail_plain(
                &f,
                0,
                0,
                format!("exceeded maximum template depth ({MAX_EXEC_DEPTH})"),
            ));
        }
        let dot = Dot {
            v: data,
            elem: false,
        };
        let r = self.walk(&mut f, &dot, &t.root);
        self.depth -= 1;
        r?;
        Ok(f.out.finish())
    }

    fn walk(&mut self, f: &mut Frame, dot: &Dot, nodes: &[Node]) -> R<Flow> {
        for n in nodes {
            match n {
                Node::Text { text, pos } => {
                    self.tick(f, *pos)?;
                    self.charge(f, *pos, text.len())?;
                    match f.tmpl.src.origin {
                        SrcOrigin::Global(base) => f.out.push_marked(
                            text,
                            Span::new(base + pos, base + pos + text.len()),
                            MarkKind::Text,
                        ),
                        SrcOrigin::Dynamic {
                            value: Some(span), ..
                        } => f.out.push_marked(text, span, MarkKind::Value),
                        SrcOrigin::Dynamic { value: None, .. } => f.out.push_plain(text),
                    }
                }
                Node::Action { pipe, pos, end } => {
                    self.tick(f, *pos)?;
                    let v = self.eval_pipeline(f, dot, pipe)?;
                    if pipe.decl.is_empty() {
                        self.print(f, &v, pipe, *pos, *end)?;
                    }
                }
                Node::If(c) => {
                    let fl = self.walk_if_with(f, dot, c, false)?;
                    if fl != Flow::Normal {
                        return Ok(fl);
                    }
                }
                Node::With(c) => {
                    let fl = self.walk_if_with(f, dot, c, true)?;
                    if fl != Flow::Normal {
                        return Ok(fl);
                    }
                }
                Node::Range(c) => self.walk_range(f, dot, c)?,
                Node::Template {
                    name,
                    pipe,
                    pos,
                    end,
                } => self.walk_template(f, dot, name, pipe.as_ref(), *pos, *end)?,
                Node::Break => return Ok(Flow::Break),
                Node::Continue => return Ok(Flow::Continue),
            }
        }
        Ok(Flow::Normal)
    }

    fn print(&mut self, f: &mut Frame, v: &Value, pipe: &Pipe, pos: usize, end: usize) -> R<()> {
        let s = match v {
            Value::Nil => Str::plain("<no value>"),
            Value::Str(s) => s.clone(),
            other => {
                // `%v` of a list or map walks it: metered as a function call is.
                let limit = self.limits.max_value_bytes;
                let (text, exceeded) = budget::metered(limit, || to_v(other));
                if exceeded || text.len() > limit {
                    let at = At {
                        pos,
                        end,
                        ctx: pipe,
                    };
                    return Err(self.fail(f, at, value_limit(limit)));
                }
                Str::with_origin(text, other.origin())
            }
        };
        self.charge(f, pos, s.text.len())?;
        let span = f.tmpl.src.span(pos, end);
        emit_action(&mut f.out, &s, span);
        Ok(())
    }

    fn walk_if_with(&mut self, f: &mut Frame, dot: &Dot, c: &Control, with: bool) -> R<Flow> {
        let mark = f.vars.len();
        let v = self.eval_pipeline(f, dot, &c.pipe)?;
        let r = if v.truthy() {
            if with {
                let d = Dot { v, elem: false };
                self.walk(f, &d, &c.list)
            } else {
                self.walk(f, dot, &c.list)
            }
        } else if let Some(el) = &c.else_list {
            self.walk(f, dot, el)
        } else {
            Ok(Flow::Normal)
        };
        f.vars.truncate(mark);
        r
    }

    fn walk_range(&mut self, f: &mut Frame, dot: &Dot, c: &Control) -> R<()> {
        let outer = f.vars.len();
        let pipe = &c.pipe;
        let v = self.eval_cmds(f, dot, pipe)?;
        if !pipe.is_assign {
            for d in &pipe.decl {
                f.vars.push(Var {
                    name: d.clone(),
                    val: Dot {
                        v: v.clone(),
                        elem: false,
                    },
                });
            }
        }
        let mark = f.vars.len();
        let r = self.range_body(f, dot, c, &v, mark);
        f.vars.truncate(outer);
        r
    }

    fn range_body(
        &mut self,
        f: &mut Frame,
        dot: &Dot,
        c: &Control,
        v: &Value,
        mark: usize,
    ) -> R<()> {
        let pipe = &c.pipe;
        // A Go map behind an object (`.Files`, `.Files.Glob "x"`): its entries.
        let ranged;
        let v = match v {
            Value::Object(o) => match o.call("__range__", &[]) {
                Some(Ok(m)) => {
                    ranged = m;
                    &ranged
                }
                _ => v,
            },
            _ => v,
        };
        let items: Vec<(Dot, Dot)> = match v {
            Value::List(l, _) => l
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    (
                        Dot {
                            v: Value::Int(i as i64, None),
                            elem: false,
                        },
                        Dot {
                            v: e.clone(),
                            elem: true,
                        },
                    )
                })
                .collect(),
            Value::Map(m, _) => m
                .snapshot()
                .into_iter()
                .map(|(k, e)| {
                    (
                        Dot {
                            v: Value::str(k.as_str()),
                            elem: false,
                        },
                        Dot { v: e, elem: true },
                    )
                })
                .collect(),
            Value::Int(n, _) | Value::Int64(n, _) => {
                if pipe.decl.len() > 1 {
                    let at = last_at(pipe);
                    return Err(self.fail(
                        f,
                        at,
                        format!(
                            "can't use {} to iterate over more than one variable",
                            to_v(v)
                        ),
                    ));
                }
                let n = *n;
                if n <= 0 {
                    if let Some(el) = &c.else_list {
                        self.walk(f, dot, el)?;
                    }
                    return Ok(());
                }
                for i in 0..n {
                    let d = Dot {
                        v: Value::Int(i, None),
                        elem: false,
                    };
                    if self.iteration(f, c, d.clone(), d, mark)? {
                        break;
                    }
                }
                return Ok(());
            }
            Value::Nil => Vec::new(),
            other => {
                let at = last_at(pipe);
                return Err(self.fail(f, at, format!("range can't iterate over {}", to_v(other))));
            }
        };
        if items.is_empty() {
            if let Some(el) = &c.else_list {
                self.walk(f, dot, el)?;
            }
            return Ok(());
        }
        for (index, elem) in items {
            if self.iteration(f, c, index, elem, mark)? {
                break;
            }
        }
        Ok(())
    }

    /// One iteration of a range body; true on `{{break}}`.
    fn iteration(
        &mut self,
        f: &mut Frame,
        c: &Control,
        index: Dot,
        elem: Dot,
        mark: usize,
    ) -> R<bool> {
        let pipe = &c.pipe;
        self.tick(f, pipe.pos)?;
        if !pipe.decl.is_empty() {
            if pipe.is_assign {
                if pipe.decl.len() > 1 {
                    self.set_var(f, pipe, &pipe.decl[0], index)?;
                    self.set_var(f, pipe, &pipe.decl[1], elem.clone())?;
                } else {
                    self.set_var(f, pipe, &pipe.decl[0], elem.clone())?;
                }
            } else {
                let n = f.vars.len();
                if pipe.decl.len() > 1 {
                    f.vars[n - 1].val = elem.clone();
                    f.vars[n - 2].val = index;
                } else {
                    f.vars[n - 1].val = elem.clone();
                }
            }
        }
        let fl = self.walk(f, &elem, &c.list);
        f.vars.truncate(mark);
        Ok(fl? == Flow::Break)
    }

    fn walk_template(
        &mut self,
        f: &mut Frame,
        dot: &Dot,
        name: &str,
        pipe: Option<&Pipe>,
        pos: usize,
        end: usize,
    ) -> R<()> {
        let node = TemplateNodeText(name, pipe);
        let at = At {
            pos,
            end,
            ctx: &node,
        };
        let Some(t) = self.ns.get(name).cloned() else {
            return Err(self.fail(f, at, format!("template {} not defined", go_quote(name))));
        };
        let data = match pipe {
            Some(p) => self.eval_pipeline(f, dot, p)?,
            None => Value::Nil,
        };
        if self.depth >= MAX_EXEC_DEPTH {
            return Err(self.fail(
                f,
                at,
                format!("exceeded maximum template depth ({MAX_EXEC_DEPTH})"),
            ));
        }
        let mut g = Frame {
            tmpl: &t,
            vars: vec![Var {
                name: "$".to_string(),
                val: Dot {
                    v: data.clone(),
                    elem: false,
                },
            }],
            out: std::mem::take(&mut f.out),
        };
        self.depth += 1;
        let d = Dot {
            v: data,
            elem: false,
        };
        let r = self.walk(&mut g, &d, &t.root);
        self.depth -= 1;
        f.out = g.out;
        r.map(|_| ())
    }

    fn set_var(&self, f: &mut Frame, pipe: &Pipe, name: &str, val: Dot) -> R<()> {
        for v in f.vars.iter_mut().rev() {
            if v.name == name {
                v.val = val;
                return Ok(());
            }
        }
        Err(self.fail(f, last_at(pipe), format!("undefined variable: {name}")))
    }

    fn eval_cmds(&mut self, f: &mut Frame, dot: &Dot, pipe: &Pipe) -> R<Value> {
        let mut val: Option<Value> = None;
        for cmd in &pipe.cmds {
            val = Some(self.eval_command(f, dot, cmd, val)?);
        }
        Ok(val.unwrap_or(Value::Nil))
    }

    fn eval_pipeline(&mut self, f: &mut Frame, dot: &Dot, pipe: &Pipe) -> R<Value> {
        let v = self.eval_cmds(f, dot, pipe)?;
        for d in &pipe.decl {
            let val = Dot {
                v: v.clone(),
                elem: false,
            };
            if pipe.is_assign {
                self.set_var(f, pipe, d, val)?;
            } else {
                f.vars.push(Var {
                    name: d.clone(),
                    val,
                });
            }
        }
        Ok(v)
    }

    fn not_a_function(&self, f: &Frame, args: &[Arg], fin: &Option<Value>) -> R<()> {
        if args.len() > 1 || fin.is_some() {
            let a = &args[0];
            return Err(self.fail(
                f,
                At::arg(a),
                format!("can't give argument to non-function {a}"),
            ));
        }
        Ok(())
    }

    fn eval_command(
        &mut self,
        f: &mut Frame,
        dot: &Dot,
        cmd: &Cmd,
        fin: Option<Value>,
    ) -> R<Value> {
        let Some(first) = cmd.args.first() else {
            return Ok(Value::Nil);
        };
        match &first.kind {
            ArgKind::Field(ids) => {
                self.eval_field_chain(f, dot, dot.clone(), first, ids, &cmd.args, fin)
            }
            ArgKind::Chain(inner, fields) => {
                self.eval_chain(f, dot, first, inner, fields, &cmd.args, fin)
            }
            ArgKind::Ident(name) => {
                self.eval_function(f, dot, name, first, At::cmd(cmd), &cmd.args, fin)
            }
            ArgKind::Pipe(p) => {
                self.not_a_function(f, &cmd.args, &fin)?;
                self.eval_pipeline(f, dot, p)
            }
            ArgKind::Variable(ids) => self.eval_variable(f, dot, first, ids, &cmd.args, fin),
            _ => {
                self.not_a_function(f, &cmd.args, &fin)?;
                self.literal(f, dot, first)
            }
        }
    }

    fn literal(&self, f: &Frame, dot: &Dot, a: &Arg) -> R<Value> {
        Ok(match &a.kind {
            ArgKind::Bool(b) => Value::Bool(*b, None),
            ArgKind::Dot => dot.v.clone(),
            ArgKind::Nil => return Err(self.fail(f, At::arg(a), "nil is not a command")),
            ArgKind::Number(n, text) => match n {
                Num::Int(i) => Value::Int(*i, None),
                Num::Float(x) => Value::Float(*x, None),
                Num::Overflow => {
                    return Err(self.fail(f, At::arg(a), format!("{text} overflows int")))
                }
            },
            ArgKind::Str(s, _) => Value::str(s.clone()),
            _ => {
                return Err(self.fail(
                    f,
                    At::arg(a),
                    format!("can't evaluate command {}", go_quote(&a.to_string())),
                ))
            }
        })
    }

    /// Evaluates an argument (Go's `evalArg` for an `interface{}` parameter).
    fn eval_arg(&mut self, f: &mut Frame, dot: &Dot, a: &Arg) -> R<Value> {
        match &a.kind {
            ArgKind::Dot => Ok(dot.v.clone()),
            ArgKind::Nil => Ok(Value::Nil),
            ArgKind::Field(ids) => {
                self.eval_field_chain(f, dot, dot.clone(), a, ids, std::slice::from_ref(a), None)
            }
            ArgKind::Variable(ids) => {
                self.eval_variable(f, dot, a, ids, std::slice::from_ref(a), None)
            }
            ArgKind::Pipe(p) => self.eval_pipeline(f, dot, p),
            ArgKind::Ident(name) => {
                self.eval_function(f, dot, name, a, At::arg(a), std::slice::from_ref(a), None)
            }
            ArgKind::Chain(inner, fields) => {
                self.eval_chain(f, dot, a, inner, fields, std::slice::from_ref(a), None)
            }
            _ => self.literal(f, dot, a),
        }
    }

    fn eval_variable(
        &mut self,
        f: &mut Frame,
        dot: &Dot,
        node: &Arg,
        ids: &[Arc<str>],
        args: &[Arg],
        fin: Option<Value>,
    ) -> R<Value> {
        let name = ids.first().map(|s| &**s).unwrap_or("$");
        let Some(var) = f.vars.iter().rev().find(|v| v.name == name) else {
            return Err(self.fail(f, At::arg(node), format!("undefined variable: {name}")));
        };
        let val = var.val.clone();
        if ids.len() == 1 {
            self.not_a_function(f, args, &fin)?;
            return Ok(val.v);
        }
        self.eval_field_chain(f, dot, val, node, &ids[1..], args, fin)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_chain(
        &mut self,
        f: &mut Frame,
        dot: &Dot,
        node: &Arg,
        inner: &Arg,
        fields: &[Arc<str>],
        args: &[Arg],
        fin: Option<Value>,
    ) -> R<Value> {
        if matches!(inner.kind, ArgKind::Nil) {
            return Err(self.fail(
                f,
                At::arg(node),
                format!("indirection through explicit nil in {node}"),
            ));
        }
        let v = self.eval_arg(f, dot, inner)?;
        self.eval_field_chain(f, dot, Dot { v, elem: false }, node, fields, args, fin)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field_chain(
        &mut self,
        f: &mut Frame,
        dot: &Dot,
        recv: Dot,
        node: &Arg,
        ids: &[Arc<str>],
        args: &[Arg],
        fin: Option<Value>,
    ) -> R<Value> {
        let Some((last, init)) = ids.split_last() else {
            return Ok(recv.v);
        };
        let mut r = recv;
        for id in init {
            r = self.eval_field(f, dot, id, node, &[], None, r)?;
        }
        Ok(self.eval_field(f, dot, last, node, args, fin, r)?.v)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field(
        &mut self,
        f: &mut Frame,
        dot: &Dot,
        name: &str,
        node: &Arg,
        args: &[Arg],
        fin: Option<Value>,
        recv: Dot,
    ) -> R<Dot> {
        let has_args = args.len() > 1 || fin.is_some();
        match &recv.v {
            Value::Nil => {
                if recv.elem {
                    Err(self.fail(
                        f,
                        At::arg(node),
                        format!("nil pointer evaluating interface {{}}.{name}"),
                    ))
                } else {
                    Ok(Dot {
                        v: Value::Nil,
                        elem: false,
                    })
                }
            }
            Value::Map(m, _) => {
                if has_args {
                    return Err(self.fail(
                        f,
                        At::arg(node),
                        format!("{name} is not a method but has arguments"),
                    ));
                }
                Ok(Dot {
                    v: m.get(name).unwrap_or(Value::Nil),
                    elem: true,
                })
            }
            Value::Object(o) => {
                let o = o.clone();
                let mut argv = Vec::new();
                for a in args.iter().skip(1) {
                    argv.push(self.eval_arg(f, dot, a)?);
                }
                if let Some(v) = fin {
                    argv.push(v);
                }
                match o.call(name, &argv) {
                    Some(Ok(v)) => Ok(Dot { v, elem: false }),
                    Some(Err(e)) => {
                        Err(self.fail(f, At::arg(node), format!("error calling {name}: {e}")))
                    }
                    None => {
                        match o.field(name) {
                            Some(v) => {
                                if has_args {
                                    return Err(self.fail(
                                    f,
                                    At::arg(node),
                                    format!("{name} has arguments but cannot be invoked as function"),
                                ));
                                }
                                let elem = matches!(v, Value::Nil);
                                Ok(Dot { v, elem })
                            }
                            None => {
                                let t = if recv.elem {
                                    "interface {}".to_string()
                                } else {
                                    o.type_name().to_string()
                                };
                                Err(self.fail(
                                    f,
                                    At::arg(node),
                                    format!("can't evaluate field {name} in type {t}"),
                                ))
                            }
                        }
                    }
                }
            }
            other => {
                let t = if recv.elem {
                    "interface {}"
                } else {
                    other.type_name()
                };
                Err(self.fail(
                    f,
                    At::arg(node),
                    format!("can't evaluate field {name} in type {t}"),
                ))
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_function(
        &mut self,
        f: &mut Frame,
        dot: &Dot,
        name: &str,
        ident: &Arg,
        call: At,
        args: &[Arg],
        fin: Option<Value>,
    ) -> R<Value> {
        let rest = if args.is_empty() { args } else { &args[1..] };
        let n = rest.len() + usize::from(fin.is_some());
        let arity = |want: usize, at_least: bool| -> Option<String> {
            if (at_least && n < want) || (!at_least && n != want) {
                Some(if at_least {
                    format!("wrong number of args for {name}: want at least {want} got {n}")
                } else {
                    format!("wrong number of args for {name}: want {want} got {n}")
                })
            } else {
                None
            }
        };
        let check = match name {
            "and" | "or" | "index" | "slice" | "printf" | "eq" | "call" => arity(1, true),
            "not" | "len" => arity(1, false),
            "ne" | "lt" | "le" | "gt" | "ge" | "include" | "tpl" => arity(2, false),
            _ => None,
        };
        let user = if name == "include" || name == "tpl" {
            None
        } else {
            funcs::lookup(name)
        };
        if let Some(func) = user {
            let mut argv = Vec::with_capacity(n);
            for a in rest {
                argv.push(self.eval_arg(f, dot, a)?);
            }
            if let Some(fv) = fin {
                argv.push(fv);
            }
            let fs = &mut *self.fs;
            let out = budget::metered(self.limits.max_value_bytes, || func(fs, &argv));
            return self.checked(f, call, name, out);
        }
        if let Some(msg) = check {
            return Err(self.fail(f, At::arg(ident), msg));
        }
        if name == "and" || name == "or" {
            let mut v = Value::Nil;
            for a in rest {
                v = self.eval_arg(f, dot, a)?;
                if v.truthy() == (name == "or") {
                    return Ok(v);
                }
            }
            if let Some(fv) = fin {
                v = fv;
            }
            return Ok(v);
        }
        let mut argv = Vec::with_capacity(n);
        for a in rest {
            argv.push(self.eval_arg(f, dot, a)?);
        }
        if let Some(fv) = fin {
            argv.push(fv);
        }
        match name {
            // Not metered: what they print is charged to the output as they run.
            "include" => {
                let tn = match &argv[0] {
                    Value::Str(s) => s.text.to_string(),
                    other => return Err(self.fail(f, call, wrong_type("string", other))),
                };
                return self
                    .include(&tn, argv[1].clone())
                    .map_err(|e| self.fail(f, call, format!("error calling {name}: {e}")));
            }
            "tpl" => {
                let text = match &argv[0] {
                    Value::Str(s) => s.clone(),
                    other => return Err(self.fail(f, call, wrong_type("string", other))),
                };
                let span = f.tmpl.src.span(call.pos, call.end);
                return self
                    .tpl(&text, argv[1].clone(), span)
                    .map_err(|e| self.fail(f, call, format!("error calling {name}: {e}")));
            }
            "printf" if !matches!(argv[0], Value::Str(_)) => {
                return Err(self.fail(f, call, wrong_type("string", &argv[0])));
            }
            _ if !is_builtin(name) => {
                return Err(self.fail(
                    f,
                    At::arg(ident),
                    format!("{} is not a defined function", go_quote(name)),
                ))
            }
            _ => {}
        }
        let out = budget::metered(self.limits.max_value_bytes, || builtin(name, &argv, rest));
        self.checked(f, call, name, out)
    }

    /// The result of a metered function call: the limit error when the call exceeded its
    /// budget or returned a string over `max_value_bytes` or a list or map of more than
    /// [`MAX_ELEMS`] elements; else its result, errors prefixed as Go does.
    fn checked(
        &self,
        f: &Frame,
        call: At,
        name: &str,
        (r, exceeded): (Result<Value, String>, bool),
    ) -> R<Value> {
        let limit = self.limits.max_value_bytes;
        let over = if exceeded {
            Some(value_limit(limit))
        } else {
            r.as_ref().ok().and_then(|v| oversized(v, limit))
        };
        if let Some(msg) = over {
            return Err(self.fail(f, call, format!("error calling {name}: {msg}")));
        }
        r.map_err(|e| self.fail(f, call, format!("error calling {name}: {e}")))
    }

    /// Helm's `include`: the output of a named template, with its marks.
    fn include(&mut self, name: &str, data: Value) -> Result<Value, String> {
        let count = self.includes.get(name).copied().unwrap_or(0);
        if count > self.limits.max_include_depth {
            return Err(format!(
                "rendering template has a nested reference name: {name}: unable to execute template"
            ));
        }
        let Some(t) = self.ns.get(name).cloned() else {
            return Err(format!(
                "template: no template {} associated with template {}",
                go_quote(name),
                go_quote(SET_NAME)
            ));
        };
        *self.includes.entry(name.to_string()).or_insert(0) += 1;
        let r = self.exec_template(&t, data);
        if let Some(c) = self.includes.get_mut(name) {
            *c = c.saturating_sub(1);
        }
        match r {
            Ok(s) => Ok(Value::Str(s)),
            Err(e) => Err(e.full),
        }
    }

    /// Helm's `tpl`: parses `text` in a copy of the namespace and executes it with `data`.
    fn tpl(&mut self, text: &Str, data: Value, call: Span) -> Result<Value, String> {
        if self.tpl_depth >= self.limits.max_tpl_depth {
            return Err(format!(
                "tpl calls nested deeper than the limit of {}",
                self.limits.max_tpl_depth
            ));
        }
        let origin = Value::Str(text.clone()).origin();
        let src = Arc::new(Src {
            name: SET_NAME.to_string(),
            text: text.text.clone(),
            origin: SrcOrigin::Dynamic {
                call,
                value: origin,
            },
        });
        let parsed = match parse::parse(SET_NAME, &text.text, &has_function) {
            Ok(p) => p,
            Err(e) => {
                return Err(format!(
                    "cannot parse template {}: template: {}:{}: {}",
                    go_quote(&text.text),
                    SET_NAME,
                    src.line(e.pos),
                    e.message
                ))
            }
        };
        let mut ns: Namespace = (*self.ns).clone();
        register(&mut ns, SET_NAME, parsed, &src);
        let Some(t) = ns.get(SET_NAME).cloned() else {
            return Ok(Value::str(""));
        };
        let saved = std::mem::replace(&mut self.ns, Arc::new(ns));
        self.tpl_depth += 1;
        let r = self.exec_template(&t, data);
        self.tpl_depth -= 1;
        self.ns = saved;
        match r {
            Ok(s) => Ok(Value::Str(strip_no_value(&s))),
            Err(e) => Err(format!(
                "error during tpl function execution for {}: {}",
                go_quote(&text.text),
                e.full
            )),
        }
    }
}

/// Registers a parse's templates in a namespace under Go's rules: a later definition
/// replaces an earlier one, unless it is empty.
pub(crate) fn register(ns: &mut Namespace, name: &str, parsed: parse::Parsed, src: &Arc<Src>) {
    let mut add = |n: String, root: Vec<Node>| {
        if parse::is_empty_tree(&root) && ns.contains_key(&n) {
            return;
        }
        ns.insert(
            n.clone(),
            Arc::new(Tmpl {
                name: n,
                root,
                src: src.clone(),
            }),
        );
    };
    add(name.to_string(), parsed.root);
    for (n, root) in parsed.defines {
        add(n, root);
    }
}

fn last_at(pipe: &Pipe) -> At<'_> {
    match pipe.cmds.last() {
        Some(c) if c.args.len() == 1 => At::arg(&c.args[0]),
        Some(c) => At::cmd(c),
        None => At {
            pos: pipe.pos,
            end: pipe.end,
            ctx: pipe,
        },
    }
}

/// Appends what an action printed: the string's marks are kept, and every byte not covered
/// by one of its Text or Action marks gets an Action mark for `span`.
fn emit_action(out: &mut StrBuilder, s: &Str, span: Span) {
    if s.text.is_empty() {
        return;
    }
    let base = out.text.len() as u32;
    out.text.push_str(&s.text);
    let len = s.text.len() as u32;
    let mut marks: Vec<Mark> = Vec::with_capacity(s.marks.len() + 2);
    let mut cur = 0u32;
    for m in s.marks.iter() {
        if matches!(m.kind, MarkKind::Text | MarkKind::Action) {
            if m.start > cur {
                marks.push(Mark {
                    start: base + cur,
                    end: base + m.start,
                    span,
                    kind: MarkKind::Action,
                });
            }
            cur = cur.max(m.end);
        }
        marks.push(Mark {
            start: m.start + base,
            end: m.end + base,
            ..*m
        });
    }
    if cur < len {
        marks.push(Mark {
            start: base + cur,
            end: base + len,
            span,
            kind: MarkKind::Action,
        });
    }
    marks.sort_by_key(|m| m.start);
    out.marks.extend(marks);
}

/// The message of a value over the limit.
fn value_limit(limit: usize) -> String {
    format!("value exceeds the limit of {limit} bytes (max_value_bytes)")
}

/// Why a function's result is too large, if it is: a string over `limit` bytes (text and
/// marks), a list or map of more than [`MAX_ELEMS`] elements. Shallow: what the call built
/// inside is metered as it is built.
fn oversized(v: &Value, limit: usize) -> Option<String> {
    let elems = |kind: &str, n: usize| {
        (n > MAX_ELEMS)
            .then(|| format!("{kind} of {n} elements exceeds the limit of {MAX_ELEMS} elements"))
    };
    match v {
        Value::Str(s) if budget::str_bytes(s) > limit => Some(value_limit(limit)),
        Value::List(l, _) => elems("list", l.len()),
        Value::Map(m, _) => elems("map", m.len()),
        _ => None,
    }
}

/// A built-in function other than `and`, `or`, `include` and `tpl`, on evaluated arguments
/// (`rest`: the argument nodes, for messages); the arity is checked.
fn builtin(name: &str, argv: &[Value], rest: &[Arg]) -> Result<Value, String> {
    match name {
        "not" => Ok(Value::Bool(!argv[0].truthy(), None)),
        "len" => length(&argv[0]),
        "index" => index(&argv[0], &argv[1..]),
        "slice" => slice(&argv[0], &argv[1..]),
        "print" => Ok(Value::Str(sprint(argv))),
        "println" => Ok(Value::Str(sprintln(argv))),
        "printf" => match &argv[0] {
            Value::Str(s) => Ok(Value::Str(sprintf(&s.text, &argv[1..]))),
            other => Err(wrong_type("string", other)),
        },
        "eq" => eq(&argv[0], &argv[1..]).map(|b| Value::Bool(b, None)),
        "ne" => eq(&argv[0], &argv[1..]).map(|b| Value::Bool(!b, None)),
        "lt" => lt(&argv[0], &argv[1]).map(|b| Value::Bool(b, None)),
        "le" => le(&argv[0], &argv[1]).map(|b| Value::Bool(b, None)),
        "gt" => le(&argv[0], &argv[1]).map(|b| Value::Bool(!b, None)),
        "ge" => lt(&argv[0], &argv[1]).map(|b| Value::Bool(!b, None)),
        "html" => Ok(Value::str(html_escape(&eval_args(argv)))),
        "js" => Ok(Value::str(js_escape(&eval_args(argv)))),
        "urlquery" => Ok(Value::str(query_escape(&eval_args(argv)))),
        "call" => Err(match &argv[0] {
            Value::Nil => "call of nil".to_string(),
            other => format!(
                "non-function {} of type {}",
                rest.first().map(|a| a.to_string()).unwrap_or_default(),
                other.type_name()
            ),
        }),
        _ => Err(format!("{} is not a defined function", go_quote(name))),
    }
}

fn wrong_type(want: &str, got: &Value) -> String {
    match got {
        Value::Nil => format!("invalid value; expected {want}"),
        other => format!(
            "wrong type for value; expected {want}; got {}",
            other.type_name()
        ),
    }
}

fn length(v: &Value) -> Result<Value, String> {
    let n = match v {
        Value::Nil => return Err("len of nil pointer".to_string()),
        Value::Str(s) => s.text.len(),
        Value::List(l, _) => l.len(),
        Value::Map(m, _) => m.len(),
        other => return Err(format!("len of type {}", other.type_name())),
    };
    Ok(Value::Int(n as i64, None))
}

fn index_arg(ix: &Value, cap: usize) -> Result<usize, String> {
    let x = match ix {
        Value::Int(i, _) | Value::Int64(i, _) => *i,
        Value::Nil => return Err("cannot index slice/array with nil".to_string()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            ))
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn index(item: &Value, idx: &[Value]) -> Result<Value, String> {
    if matches!(item, Value::Nil) {
        return Err("index of untyped nil".to_string());
    }
    let mut cur = item.clone();
    for ix in idx {
        cur = match &cur {
            Value::Nil => return Err("index of nil pointer".to_string()),
            Value::List(l, _) => {
                let i = index_arg(ix, l.len())?;
                match l.get(i) {
                    Some(v) => v.clone(),
                    None => return Err("reflect: slice index out of range".to_string()),
                }
            }
            Value::Str(s) => {
                let i = index_arg(ix, s.text.len())?;
                match s.text.as_bytes().get(i) {
                    Some(b) => Value::Int(*b as i64, None),
                    None => return Err("reflect: string index out of range".to_string()),
                }
            }
            Value::Map(m, _) => match ix {
                Value::Str(k) => m.get(&k.text).unwrap_or(Value::Nil),
                Value::Nil => return Err("value is nil; should be of type string".to_string()),
                other => {
                    return Err(format!(
                        "value has type {}; should be string",
                        other.type_name()
                    ))
                }
            },
            other => return Err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(cur)
}

fn sub_str(s: &Str, a: usize, b: usize) -> Str {
    let text = match s.text.get(a..b) {
        Some(t) => t.to_string(),
        None => String::from_utf8_lossy(&s.text.as_bytes()[a..b]).into_owned(),
    };
    let marks: Vec<Mark> = s
        .marks
        .iter()
        .filter_map(|m| {
            let lo = (m.start as usize).max(a);
            let hi = (m.end as usize).min(b);
            (lo < hi).then(|| Mark {
                start: (lo - a) as u32,
                end: (hi - a) as u32,
                span: if m.kind == MarkKind::Text {
                    Span::new(
                        m.span.start + lo - m.start as usize,
                        m.span.start + hi - m.start as usize,
                    )
                } else {
                    m.span
                },
                kind: m.kind,
            })
        })
        .collect();
    if text.len() != b - a {
        return Str::plain(text);
    }
    Str {
        text: Arc::from(text),
        marks: Arc::from(marks),
    }
}

fn slice(item: &Value, idx: &[Value]) -> Result<Value, String> {
    if matches!(item, Value::Nil) {
        return Err("slice of untyped nil".to_string());
    }
    if idx.len() > 3 {
        return Err(format!("too many slice indexes: {}", idx.len()));
    }
    let len = match item {
        Value::Str(s) => {
            if idx.len() == 3 {
                return Err("cannot 3-index slice a string".to_string());
            }
            s.text.len()
        }
        Value::List(l, _) => l.len(),
        other => return Err(format!("can't slice item of type {}", other.type_name())),
    };
    let mut ix = [0usize, len, len];
    for (i, v) in idx.iter().enumerate() {
        ix[i] = index_arg(v, len)?;
    }
    if ix[0] > ix[1] {
        return Err(format!("invalid slice index: {} > {}", ix[0], ix[1]));
    }
    if idx.len() == 3 && ix[1] > ix[2] {
        return Err(format!("invalid slice index: {} > {}", ix[1], ix[2]));
    }
    Ok(match item {
        Value::Str(s) => Value::Str(sub_str(s, ix[0], ix[1])),
        Value::List(l, o) => Value::List(Arc::new(l[ix[0]..ix[1]].to_vec()), *o),
        _ => Value::Nil,
    })
}

#[derive(PartialEq)]
enum Basic<'a> {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

fn basic(v: &Value) -> Option<Basic<'_>> {
    match v {
        Value::Bool(b, _) => Some(Basic::Bool(*b)),
        Value::Int(i, _) | Value::Int64(i, _) => Some(Basic::Int(*i)),
        Value::Float(f, _) => Some(Basic::Float(*f)),
        Value::Str(s) => Some(Basic::Str(&s.text)),
        _ => None,
    }
}

fn same_kind(a: &Basic, b: &Basic) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn incompatible(a: &Value, b: &Value) -> String {
    format!(
        "incompatible types for comparison: {} and {}",
        a.type_name(),
        b.type_name()
    )
}

fn eq(a: &Value, bs: &[Value]) -> Result<bool, String> {
    if bs.is_empty() {
        return Err("missing argument for comparison".to_string());
    }
    let ka = basic(a);
    for b in bs {
        let kb = basic(b);
        let truth = match (&ka, &kb) {
            (Some(x), Some(y)) => {
                if !same_kind(x, y) {
                    return Err(incompatible(a, b));
                }
                x == y
            }
            (Some(_), None) | (None, Some(_)) => {
                if !matches!(a, Value::Nil) && !matches!(b, Value::Nil) {
                    return Err(incompatible(a, b));
                }
                false
            }
            (None, None) => {
                let an = matches!(a, Value::Nil);
                let bn = matches!(b, Value::Nil);
                if an || bn {
                    an == bn
                } else {
                    let same = matches!(
                        (a, b),
                        (Value::List(..), Value::List(..))
                            | (Value::Map(..), Value::Map(..))
                            | (Value::Object(_), Value::Object(_))
                    );
                    if !same {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            to_v(a),
                            a.type_name(),
                            b.type_name(),
                            to_v(b)
                        ));
                    }
                    match (a, b) {
                        (Value::Object(x), Value::Object(y)) => Arc::ptr_eq(x, y),
                        _ => {
                            return Err(format!(
                                "non-comparable type {}: {}",
                                to_v(b),
                                b.type_name()
                            ))
                        }
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

fn lt(a: &Value, b: &Value) -> Result<bool, String> {
    let bad = || "invalid type for comparison".to_string();
    let ka = basic(a).ok_or_else(bad)?;
    let kb = basic(b).ok_or_else(bad)?;
    if !same_kind(&ka, &kb) {
        return Err(incompatible(a, b));
    }
    Ok(match (ka, kb) {
        (Basic::Int(x), Basic::Int(y)) => x < y,
        (Basic::Float(x), Basic::Float(y)) => x < y,
        (Basic::Str(x), Basic::Str(y)) => x < y,
        _ => return Err(bad()),
    })
}

fn le(a: &Value, b: &Value) -> Result<bool, String> {
    if lt(a, b)? {
        return Ok(true);
    }
    eq(a, std::slice::from_ref(b))
}

/// Go's `evalArgs` for `html`, `js`, `urlquery`.
fn eval_args(args: &[Value]) -> String {
    if let [Value::Str(s)] = args {
        return s.text.to_string();
    }
    let printable: Vec<Value> = args
        .iter()
        .map(|a| match a {
            Value::Nil => Value::str("<no value>"),
            other => other.clone(),
        })
        .collect();
    sprint(&printable).text.to_string()
}

fn html_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => o.push('\u{fffd}'),
            '"' => o.push_str("&#34;"),
            '\'' => o.push_str("&#39;"),
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            c => o.push(c),
        }
    }
    o
}

fn js_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '\'' => o.push_str("\\'"),
            '"' => o.push_str("\\\""),
            '<' => o.push_str("\\u003C"),
            '>' => o.push_str("\\u003E"),
            '&' => o.push_str("\\u0026"),
            '=' => o.push_str("\\u003D"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04X}", c as u32)),
            c if !c.is_ascii() && c.is_control() => o.push_str(&format!("\\u{:04X}", c as u32)),
            c => o.push(c),
        }
    }
    o
}

fn query_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                o.push(b as char)
            }
            b' ' => o.push('+'),
            _ => o.push_str(&format!("%{:02X}", b)),
        }
    }
    o
}
