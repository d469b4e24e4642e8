//! The parser of Go's `text/template`: items to a tree of nodes, with Go's error messages.

use std::fmt;
use std::sync::Arc;

use super::lex::{lex, Item, Tok};

/// Deepest nesting of parentheses and control structures a template may have (the executor
/// and the parser recurse on it).
pub(crate) const MAX_PARSE_DEPTH: usize = 100;

/// A node of a template's body. Positions are byte offsets into the template text.
#[derive(Debug)]
pub(crate) enum Node {
    /// Literal text (already trimmed).
    Text { text: Arc<str>, pos: usize },
    /// `{{ pipeline }}`; `pos..end` covers the whole action with its delimiters.
    Action { pipe: Pipe, pos: usize, end: usize },
    /// `{{if}}`.
    If(Box<Control>),
    /// `{{with}}`.
    With(Box<Control>),
    /// `{{range}}`.
    Range(Box<Control>),
    /// `{{template "name" pipeline}}` (and the call half of `{{block}}`).
    Template {
        name: String,
        pipe: Option<Pipe>,
        pos: usize,
        end: usize,
    },
    /// `{{break}}`.
    Break,
    /// `{{continue}}`.
    Continue,
}

/// The parts of `if`, `with` and `range`.
#[derive(Debug)]
pub(crate) struct Control {
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Option<Vec<Node>>,
}

/// A pipeline, with its variable declarations.
#[derive(Debug)]
pub(crate) struct Pipe {
    pub decl: Vec<String>,
    pub is_assign: bool,
    pub cmds: Vec<Cmd>,
    pub pos: usize,
    pub end: usize,
}

/// A command of a pipeline: a function call, a method call, or a single operand.
#[derive(Debug)]
pub(crate) struct Cmd {
    pub args: Vec<Arg>,
    pub pos: usize,
    pub end: usize,
}

/// An operand.
#[derive(Debug)]
pub(crate) struct Arg {
    pub kind: ArgKind,
    pub pos: usize,
    pub end: usize,
}

/// A number literal's value, as Go's `idealConstant` types it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Num {
    Int(i64),
    Float(f64),
    /// An unsigned value too large for `int`.
    Overflow,
}

/// The kinds of operand.
#[derive(Debug)]
pub(crate) enum ArgKind {
    /// `.a.b`: the field names.
    Field(Vec<Arc<str>>),
    /// `$x.a.b`: the variable name (with `$`) then the field names.
    Variable(Vec<Arc<str>>),
    Dot,
    Nil,
    Bool(bool),
    Number(Num, String),
    /// A string literal: its value and its quoted source text.
    Str(Arc<str>, String),
    /// A function name.
    Ident(String),
    /// A parenthesized pipeline.
    Pipe(Box<Pipe>),
    /// `(pipeline).a.b` or `fn.a`.
    Chain(Box<Arg>, Vec<Arc<str>>),
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ArgKind::Field(ids) => {
                for id in ids {
                    write!(f, ".{id}")?;
                }
                Ok(())
            }
            ArgKind::Variable(ids) => {
                for (i, id) in ids.iter().enumerate() {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(id)?;
                }
                Ok(())
            }
            ArgKind::Dot => f.write_str("."),
            ArgKind::Nil => f.write_str("nil"),
            ArgKind::Bool(b) => write!(f, "{b}"),
            ArgKind::Number(_, t) => f.write_str(t),
            ArgKind::Str(_, q) => f.write_str(q),
            ArgKind::Ident(n) => f.write_str(n),
            ArgKind::Pipe(p) => write!(f, "({p})"),
            ArgKind::Chain(node, fields) => {
                match &node.kind {
                    ArgKind::Pipe(p) => write!(f, "({p})")?,
                    _ => write!(f, "{node}")?,
                }
                for id in fields {
                    write!(f, ".{id}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{a}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            f.write_str(&self.decl.join(", "))?;
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// A parse error: a byte offset into the template text and Go's message.
#[derive(Debug)]
pub(crate) struct ParseError {
    pub pos: usize,
    pub message: String,
}

type PResult<T> = Result<T, ParseError>;

/// What a parse produces: the body of the template itself, and its `define`/`block` templates
/// in order.
pub(crate) struct Parsed {
    pub root: Vec<Node>,
    pub defines: Vec<(String, Vec<Node>)>,
}

enum Step {
    Node(Node),
    End,
    Else,
}

struct Parser<'f> {
    name: &'f str,
    text: &'f str,
    action_start: Option<usize>,
    items: Vec<Item>,
    i: usize,
    vars: Vec<String>,
    range_depth: usize,
    depth: usize,
    defines: Vec<(String, Vec<Node>)>,
    has_func: &'f dyn Fn(&str) -> bool,
}

/// Parses a template text. `has_func` says whether a function name is defined.
pub(crate) fn parse(
    name: &str,
    text: &str,
    has_func: &dyn Fn(&str) -> bool,
) -> Result<Parsed, ParseError> {
    let items = lex(text);
    let mut p = Parser {
        name,
        text,
        action_start: None,
        items,
        i: 0,
        vars: vec!["$".to_string()],
        range_depth: 0,
        depth: 0,
        defines: Vec::new(),
        has_func,
    };
    let root = p.parse_root()?;
    Ok(Parsed {
        root,
        defines: p.defines,
    })
}

/// Go's `parse.IsEmptyTree`: only whitespace text.
pub(crate) fn is_empty_tree(nodes: &[Node]) -> bool {
    nodes.iter().all(|n| match n {
        Node::Text { text, .. } => text.trim_matches(|c: char| c.is_whitespace()).is_empty(),
        _ => false,
    })
}

impl Parser<'_> {
    fn next(&mut self) -> Item {
        let it = match self.items.get(self.i) {
            Some(it) => it.clone(),
            None => self.items.last().cloned().unwrap_or(Item {
                typ: Tok::Eof,
                pos: 0,
                end: 0,
                val: String::new(),
            }),
        };
        if self.i < self.items.len() {
            self.i += 1;
        }
        it
    }

    fn backup(&mut self) {
        self.i = self.i.saturating_sub(1);
    }

    fn peek(&mut self) -> Item {
        match self.items.get(self.i) {
            Some(it) => it.clone(),
            None => self.next(),
        }
    }

    fn next_non_space(&mut self) -> Item {
        loop {
            let it = self.next();
            if it.typ != Tok::Space {
                return it;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let it = self.next_non_space();
        self.backup();
        it
    }

    /// Position of the last item read (for error positions).
    fn last_pos(&self) -> usize {
        self.items
            .get(self.i.saturating_sub(1))
            .map(|it| it.pos)
            .unwrap_or(0)
    }

    fn prev_end(&self) -> usize {
        self.items
            .get(self.i.saturating_sub(1))
            .map(|it| it.end)
            .unwrap_or(0)
    }

    fn err<T>(&self, message: impl Into<String>) -> PResult<T> {
        Err(ParseError {
            pos: self.last_pos(),
            message: message.into(),
        })
    }

    fn unexpected<T>(&self, it: &Item, context: &str) -> PResult<T> {
        if it.typ == Tok::Error {
            let mut message = it.val.clone();
            if let Some(a) = self.action_start {
                let line = |p: usize| {
                    1 + self.text.as_bytes()[..p.min(self.text.len())]
                        .iter()
                        .filter(|b| **b == b'\n')
                        .count()
                };
                let (al, il) = (line(a), line(it.end));
                if al != il {
                    if message.ends_with(" action") {
                        message.push_str(&format!(" started at {}:{}", self.name, al));
                    } else {
                        message.push_str(&format!(" in action started at {}:{}", self.name, al));
                    }
                }
            }
            return Err(ParseError {
                pos: it.pos,
                message,
            });
        }
        Err(ParseError {
            pos: it.pos,
            message: format!("unexpected {} in {}", it.describe(), context),
        })
    }

    fn expect(&mut self, typ: Tok, context: &str) -> PResult<Item> {
        let it = self.next_non_space();
        if it.typ != typ {
            return self.unexpected(&it, context);
        }
        Ok(it)
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_PARSE_DEPTH {
            return self.err("max expression depth exceeded");
        }
        Ok(())
    }

    fn parse_root(&mut self) -> PResult<Vec<Node>> {
        let mut root = Vec::new();
        loop {
            let t = self.peek();
            if t.typ == Tok::Eof {
                break;
            }
            if t.typ == Tok::LeftDelim {
                let save = self.i;
                self.next();
                if self.next_non_space().typ == Tok::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.i = save;
            }
            match self.text_or_action()? {
                Step::Node(n) => root.push(n),
                Step::End => return self.err("unexpected {{end}}"),
                Step::Else => return self.err("unexpected {{else}}"),
            }
        }
        Ok(root)
    }

    fn new_tree<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let rd = std::mem::replace(&mut self.range_depth, 0);
        let r = f(self);
        self.vars = vars;
        self.range_depth = rd;
        r
    }

    fn add_define(&mut self, name: String, list: Vec<Node>) -> PResult<()> {
        if let Some(i) = self.defines.iter().position(|(n, _)| *n == name) {
            if is_empty_tree(&self.defines[i].1) {
                self.defines[i].1 = list;
            } else if !is_empty_tree(&list) {
                return self.err(format!(
                    "multiple definition of template {}",
                    super::format::go_quote(&name)
                ));
            }
            return Ok(());
        }
        self.defines.push((name, list));
        Ok(())
    }

    fn parse_definition(&mut self) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        let tok = self.next_non_space();
        if tok.typ != Tok::Str && tok.typ != Tok::RawStr {
            return self.unexpected(&tok, CONTEXT);
        }
        let name = match unquote(&tok.val) {
            Ok(n) => n,
            Err(e) => return self.err(e),
        };
        self.expect(Tok::RightDelim, CONTEXT)?;
        let list = self.new_tree(|p| {
            let (list, end) = p.item_list()?;
            if !matches!(end, Step::End) {
                return p.err(format!("unexpected {{{{else}}}} in {CONTEXT}"));
            }
            Ok(list)
        })?;
        self.add_define(name, list)
    }

    fn item_list(&mut self) -> PResult<(Vec<Node>, Step)> {
        let mut list = Vec::new();
        while self.peek_non_space().typ != Tok::Eof {
            match self.text_or_action()? {
                Step::Node(n) => list.push(n),
                s => return Ok((list, s)),
            }
        }
        self.err("unexpected EOF")
    }

    fn text_or_action(&mut self) -> PResult<Step> {
        let tok = self.next_non_space();
        match tok.typ {
            Tok::Text => Ok(Step::Node(Node::Text {
                text: Arc::from(tok.val.as_str()),
                pos: tok.pos,
            })),
            Tok::LeftDelim => {
                self.action_start = Some(tok.pos);
                let r = self.action(tok.pos);
                self.action_start = None;
                r
            }
            _ => self.unexpected(&tok, "input"),
        }
    }

    fn action(&mut self, pos: usize) -> PResult<Step> {
        let tok = self.next_non_space();
        match tok.typ {
            Tok::Block => return self.block_control(pos).map(Step::Node),
            Tok::Break | Tok::Continue => {
                let what = if tok.typ == Tok::Break {
                    "{{break}}"
                } else {
                    "{{continue}}"
                };
                let t = self.next_non_space();
                if t.typ != Tok::RightDelim {
                    return self.unexpected(&t, what);
                }
                if self.range_depth == 0 {
                    return self.err(format!("{what} outside {{{{range}}}}"));
                }
                return Ok(Step::Node(if tok.typ == Tok::Break {
                    Node::Break
                } else {
                    Node::Continue
                }));
            }
            Tok::Else => {
                let peek = self.peek_non_space();
                if peek.typ == Tok::If || peek.typ == Tok::With {
                    return Ok(Step::Else);
                }
                self.expect(Tok::RightDelim, "else")?;
                return Ok(Step::Else);
            }
            Tok::End => {
                self.expect(Tok::RightDelim, "end")?;
                return Ok(Step::End);
            }
            Tok::If => {
                return self
                    .control("if")
                    .map(|c| Step::Node(Node::If(Box::new(c))))
            }
            Tok::Range => {
                return self
                    .control("range")
                    .map(|c| Step::Node(Node::Range(Box::new(c))))
            }
            Tok::With => {
                return self
                    .control("with")
                    .map(|c| Step::Node(Node::With(Box::new(c))))
            }
            Tok::Template => return self.template_control(pos).map(Step::Node),
            _ => {}
        }
        self.backup();
        let pipe = self.pipeline("command", Tok::RightDelim)?;
        Ok(Step::Node(Node::Action {
            pipe,
            pos,
            end: self.prev_end(),
        }))
    }

    fn control(&mut self, context: &str) -> PResult<Control> {
        self.enter()?;
        let nvars = self.vars.len();
        let pipe = self.pipeline(context, Tok::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, next) = self.item_list()?;
        if context == "range" {
            self.range_depth -= 1;
        }
        let else_list = match next {
            Step::Else => {
                if context == "if" && self.peek().typ == Tok::If {
                    self.next();
                    let c = self.control("if")?;
                    Some(vec![Node::If(Box::new(c))])
                } else if context == "with" && self.peek().typ == Tok::With {
                    self.next();
                    let c = self.control("with")?;
                    Some(vec![Node::With(Box::new(c))])
                } else {
                    let (l, n) = self.item_list()?;
                    if !matches!(n, Step::End) {
                        return self.err("expected end; found {{else}}");
                    }
                    Some(l)
                }
            }
            _ => None,
        };
        self.vars.truncate(nvars);
        self.depth -= 1;
        Ok(Control {
            pipe,
            list,
            else_list,
        })
    }

    fn template_name(&mut self, tok: &Item, context: &str) -> PResult<String> {
        match tok.typ {
            Tok::Str | Tok::RawStr => match unquote(&tok.val) {
                Ok(s) => Ok(s),
                Err(e) => self.err(e),
            },
            _ => self.unexpected(tok, context),
        }
    }

    fn template_control(&mut self, pos: usize) -> PResult<Node> {
        const CONTEXT: &str = "template clause";
        let tok = self.next_non_space();
        let name = self.template_name(&tok, CONTEXT)?;
        let pipe = if self.next_non_space().typ != Tok::RightDelim {
            self.backup();
            Some(self.pipeline(CONTEXT, Tok::RightDelim)?)
        } else {
            None
        };
        Ok(Node::Template {
            name,
            pipe,
            pos,
            end: self.prev_end(),
        })
    }

    fn block_control(&mut self, pos: usize) -> PResult<Node> {
        const CONTEXT: &str = "block clause";
        let tok = self.next_non_space();
        let name = self.template_name(&tok, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, Tok::RightDelim)?;
        let end = self.prev_end();
        self.enter()?;
        let list = self.new_tree(|p| {
            let (list, next) = p.item_list()?;
            if !matches!(next, Step::End) {
                return p.err(format!("unexpected {{{{else}}}} in {CONTEXT}"));
            }
            Ok(list)
        })?;
        self.depth -= 1;
        self.add_define(name.clone(), list)?;
        Ok(Node::Template {
            name,
            pipe: Some(pipe),
            pos,
            end,
        })
    }

    fn pipeline(&mut self, context: &str, end: Tok) -> PResult<Pipe> {
        let first = self.peek_non_space();
        let mut pipe = Pipe {
            decl: Vec::new(),
            is_assign: false,
            cmds: Vec::new(),
            pos: first.pos,
            end: first.pos,
        };
        loop {
            let v = self.peek_non_space();
            if v.typ != Tok::Variable {
                break;
            }
            let save = self.i;
            self.next();
            let after = self.peek();
            let next = self.peek_non_space();
            if next.typ == Tok::Assign || next.typ == Tok::Declare {
                pipe.is_assign = next.typ == Tok::Assign;
                self.next_non_space();
                pipe.decl.push(v.val.clone());
                self.vars.push(v.val.clone());
            } else if next.typ == Tok::Char && next.val == "," {
                self.next_non_space();
                pipe.decl.push(v.val.clone());
                self.vars.push(v.val.clone());
                if context == "range" && pipe.decl.len() < 2 {
                    match self.peek_non_space().typ {
                        Tok::Variable | Tok::RightDelim | Tok::RightParen => continue,
                        _ => return self.err("range can only initialize variables"),
                    }
                }
                return self.err(format!("too many declarations in {context}"));
            } else {
                let _ = after;
                self.i = save;
            }
            break;
        }
        loop {
            let tok = self.next_non_space();
            if tok.typ == end {
                if pipe.cmds.is_empty() {
                    return self.err(format!("missing value for {context}"));
                }
                for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
                    if let Some(a) = c.args.first() {
                        if matches!(
                            a.kind,
                            ArgKind::Bool(_)
                                | ArgKind::Dot
                                | ArgKind::Nil
                                | ArgKind::Number(..)
                                | ArgKind::Str(..)
                        ) {
                            return self.err(format!(
                                "non executable command in pipeline stage {}",
                                i + 1
                            ));
                        }
                    }
                }
                if let Some(c) = pipe.cmds.last() {
                    pipe.end = c.end;
                }
                return Ok(pipe);
            }
            match tok.typ {
                Tok::Bool
                | Tok::CharConst
                | Tok::Complex
                | Tok::Dot
                | Tok::Field
                | Tok::Identifier
                | Tok::Number
                | Tok::Nil
                | Tok::RawStr
                | Tok::Str
                | Tok::Variable
                | Tok::LeftParen => {
                    self.backup();
                    let c = self.command()?;
                    pipe.cmds.push(c);
                }
                _ => return self.unexpected(&tok, context),
            }
        }
    }

    fn command(&mut self) -> PResult<Cmd> {
        let pos = self.peek_non_space().pos;
        let mut cmd = Cmd {
            args: Vec::new(),
            pos,
            end: pos,
        };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.end = op.end;
                cmd.args.push(op);
            }
            let tok = self.next();
            match tok.typ {
                Tok::Space => continue,
                Tok::RightDelim | Tok::RightParen => self.backup(),
                Tok::Pipe => {}
                _ => return self.unexpected(&tok, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.err("empty command");
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(mut node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().typ == Tok::Field {
            let chain_pos = self.peek().pos;
            let mut fields: Vec<Arc<str>> = Vec::new();
            let mut end = node.end;
            while self.peek().typ == Tok::Field {
                let f = self.next();
                end = f.end;
                fields.push(Arc::from(&f.val[1..]));
            }
            node = match node.kind {
                ArgKind::Field(mut ids) => {
                    ids.extend(fields);
                    Arg {
                        kind: ArgKind::Field(ids),
                        pos: chain_pos,
                        end,
                    }
                }
                ArgKind::Variable(mut ids) => {
                    ids.extend(fields);
                    Arg {
                        kind: ArgKind::Variable(ids),
                        pos: chain_pos,
                        end,
                    }
                }
                ArgKind::Bool(_)
                | ArgKind::Str(..)
                | ArgKind::Number(..)
                | ArgKind::Nil
                | ArgKind::Dot => {
                    let s = node.to_string();
                    return self.err(format!(
                        "unexpected . after term {}",
                        super::format::go_quote(&s)
                    ));
                }
                _ => Arg {
                    kind: ArgKind::Chain(Box::new(node), fields),
                    pos: chain_pos,
                    end,
                },
            };
        }
        Ok(Some(node))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let tok = self.next_non_space();
        let kind = match tok.typ {
            Tok::Identifier => {
                if !(self.has_func)(&tok.val) {
                    return self.err(format!(
                        "function {} not defined",
                        super::format::go_quote(&tok.val)
                    ));
                }
                ArgKind::Ident(tok.val.clone())
            }
            Tok::Dot => ArgKind::Dot,
            Tok::Nil => ArgKind::Nil,
            Tok::Variable => {
                if !self.vars.contains(&tok.val) {
                    return self.err(format!(
                        "undefined variable {}",
                        super::format::go_quote(&tok.val)
                    ));
                }
                ArgKind::Variable(vec![Arc::from(tok.val.as_str())])
            }
            Tok::Field => ArgKind::Field(vec![Arc::from(&tok.val[1..])]),
            Tok::Bool => ArgKind::Bool(tok.val == "true"),
            Tok::CharConst | Tok::Number | Tok::Complex => {
                let n = match number(&tok.val, tok.typ) {
                    Ok(n) => n,
                    Err(e) => return self.err(e),
                };
                ArgKind::Number(n, tok.val.clone())
            }
            Tok::LeftParen => {
                self.enter()?;
                let p = self.pipeline("parenthesized pipeline", Tok::RightParen)?;
                self.depth -= 1;
                return Ok(Some(Arg {
                    kind: ArgKind::Pipe(Box::new(p)),
                    pos: tok.pos,
                    end: self.prev_end(),
                }));
            }
            Tok::Str | Tok::RawStr => match unquote(&tok.val) {
                Ok(s) => ArgKind::Str(Arc::from(s.as_str()), tok.val.clone()),
                Err(e) => return self.err(e),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        };
        Ok(Some(Arg {
            kind,
            pos: tok.pos,
            end: tok.end,
        }))
    }
}

/// Go's `strconv.Unquote` for "…", `…` and '…' literals.
pub(crate) fn unquote(s: &str) -> Result<String, String> {
    let bad = || "invalid syntax".to_string();
    let b = s.as_bytes();
    if b.len() < 2 {
        return Err(bad());
    }
    let q = b[0];
    if b[b.len() - 1] != q {
        return Err(bad());
    }
    let body = &s[1..s.len() - 1];
    if q == b'`' {
        if body.contains('`') {
            return Err(bad());
        }
        return Ok(body.replace('\r', ""));
    }
    if q != b'"' && q != b'\'' {
        return Err(bad());
    }
    let mut out: Vec<u8> = Vec::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    let mut count = 0;
    while let Some(c) = chars.next() {
        count += 1;
        if c == q as char || c == '\n' {
            return Err(bad());
        }
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let e = chars.next().ok_or_else(bad)?;
        let simple = match e {
            'a' => Some(7u8),
            'b' => Some(8),
            'f' => Some(12),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(11),
            '\\' => Some(b'\\'),
            '\'' if q == b'\'' => Some(b'\''),
            '"' if q == b'"' => Some(b'"'),
            _ => None,
        };
        if let Some(x) = simple {
            out.push(x);
            continue;
        }
        let hex = |chars: &mut std::iter::Peekable<std::str::Chars>, n: usize| {
            let mut v: u32 = 0;
            for _ in 0..n {
                let d = chars.next().and_then(|c| c.to_digit(16)).ok_or_else(bad)?;
                v = v * 16 + d;
            }
            Ok::<u32, String>(v)
        };
        match e {
            'x' => out.push(hex(&mut chars, 2)? as u8),
            'u' | 'U' => {
                let v = hex(&mut chars, if e == 'u' { 4 } else { 8 })?;
                let c = char::from_u32(v).ok_or_else(bad)?;
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let d = chars.next().and_then(|c| c.to_digit(8)).ok_or_else(bad)?;
                    v = v * 8 + d;
                }
                if v > 255 {
                    return Err(bad());
                }
                out.push(v as u8);
            }
            _ => return Err(bad()),
        }
    }
    if q == b'\'' && (count == 0 || String::from_utf8_lossy(&out).chars().count() != 1) {
        return Err(bad());
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn parse_int_go(text: &str) -> Option<i128> {
    let (neg, t) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = t.to_ascii_lowercase();
    let (radix, digits, prefixed) = if let Some(r) = lower.strip_prefix("0x") {
        (16, r.to_string(), true)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (8, r.to_string(), true)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (2, r.to_string(), true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string(), true)
    } else {
        (10, lower.clone(), false)
    };
    if digits.contains('_') {
        // Underscores only between digits (or after a base prefix).
        let ok = !digits.ends_with('_')
            && !digits.contains("__")
            && (prefixed || !digits.starts_with('_'));
        if !ok {
            return None;
        }
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if clean.is_empty() {
        return None;
    }
    let v = i128::from_str_radix(&clean, radix).ok()?;
    Some(if neg { -v } else { v })
}

/// Go's `newNumber` + `idealConstant` typing.
fn number(text: &str, typ: Tok) -> Result<Num, String> {
    if typ == Tok::CharConst {
        let s = unquote(text)?;
        let c = s
            .chars()
            .next()
            .ok_or_else(|| "invalid syntax".to_string())?;
        return Ok(Num::Int(c as i64));
    }
    if typ == Tok::Complex || text.ends_with('i') {
        return Err(format!(
            "illegal number syntax: {}",
            super::format::go_quote(text)
        ));
    }
    let lower = text.to_ascii_lowercase();
    let is_hex = lower.trim_start_matches(['+', '-']).starts_with("0x");
    if let Some(v) = parse_int_go(text) {
        if v > i64::MAX as i128 {
            if v <= u64::MAX as i128 {
                return Ok(Num::Overflow);
            }
        } else if v >= i64::MIN as i128 {
            return Ok(Num::Int(v as i64));
        }
    }
    if is_hex && !lower.contains('p') {
        return Err(format!(
            "illegal number syntax: {}",
            super::format::go_quote(text)
        ));
    }
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    match clean.parse::<f64>() {
        Ok(f) if f.is_finite() => {
            if !text.contains(['.', 'e', 'E', 'p', 'P']) {
                return Err(format!(
                    "integer overflow: {}",
                    super::format::go_quote(text)
                ));
            }
            Ok(Num::Float(f))
        }
        _ => Err(format!(
            "illegal number syntax: {}",
            super::format::go_quote(text)
        )),
    }
}
