//! The lexer of Go's `text/template` (delimiters `{{` `}}`, trim markers, comments).

/// The kind of a lexed item, as Go's `itemType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    Error,
    Eof,
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Assign,
    Declare,
    Pipe,
    Str,
    RawStr,
    CharConst,
    Number,
    Complex,
    Bool,
    Identifier,
    Field,
    Variable,
    LeftParen,
    RightParen,
    Char,
    // Keywords.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl Tok {
    fn is_keyword(self) -> bool {
        matches!(
            self,
            Tok::Block
                | Tok::Break
                | Tok::Continue
                | Tok::Dot
                | Tok::Define
                | Tok::Else
                | Tok::End
                | Tok::If
                | Tok::Nil
                | Tok::Range
                | Tok::Template
                | Tok::With
        )
    }
}

/// A lexed item: its kind, its byte range in the template text, and its text (for an error
/// item, the message).
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub typ: Tok,
    pub pos: usize,
    pub end: usize,
    pub val: String,
}

impl Item {
    /// Go's `item.String()`, used in "unexpected X in Y" messages.
    pub fn describe(&self) -> String {
        match self.typ {
            Tok::Eof => "EOF".to_string(),
            Tok::Error => self.val.clone(),
            t if t.is_keyword() => format!("<{}>", self.val),
            _ => {
                if self.val.chars().count() > 10 {
                    let head: String = self.val.chars().take(10).collect();
                    format!("{}...", super::format::go_quote(&head))
                } else {
                    super::format::go_quote(&self.val)
                }
            }
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

fn has_left_trim(b: &[u8]) -> bool {
    b.len() >= 2 && b[0] == b'-' && is_space(b[1])
}

fn has_right_trim(b: &[u8]) -> bool {
    b.len() >= 2 && is_space(b[0]) && b[1] == b'-'
}

/// Whether `pos` is at a right delimiter, and whether with a trim marker.
fn at_right_delim(b: &[u8], pos: usize) -> (bool, bool) {
    let rest = b.get(pos..).unwrap_or(&[]);
    if has_right_trim(rest) && rest[2..].starts_with(b"}}") {
        return (true, true);
    }
    (rest.starts_with(b"}}"), false)
}

fn left_trim_len(s: &[u8]) -> usize {
    s.iter().take_while(|b| is_space(**b)).count()
}

fn right_trim_len(s: &[u8]) -> usize {
    s.iter().rev().take_while(|b| is_space(**b)).count()
}

struct Lexer<'a> {
    input: &'a str,
    b: &'a [u8],
    pos: usize,
    start: usize,
    items: Vec<Item>,
    paren: i64,
}

impl<'a> Lexer<'a> {
    fn emit(&mut self, typ: Tok) {
        self.items.push(Item {
            typ,
            pos: self.start,
            end: self.pos,
            val: self.input[self.start..self.pos].to_string(),
        });
        self.start = self.pos;
    }

    fn error(&mut self, msg: String) {
        self.items.push(Item {
            typ: Tok::Error,
            pos: self.start,
            end: self.pos.max(self.start),
            val: msg,
        });
    }

    fn peek(&self) -> Option<char> {
        self.input.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if c.is_ascii() && is_space(c as u8) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.b[self.pos..].starts_with(b"}}"),
        }
    }

    /// Lexes text up to the next action; returns false at EOF or on error.
    fn lex_text(&mut self) -> bool {
        match self.input[self.pos..].find("{{") {
            Some(x) => {
                let delim = self.pos + x;
                let mut trim = 0;
                if has_left_trim(&self.b[delim + 2..]) {
                    trim = right_trim_len(&self.b[self.start..delim]);
                }
                if delim - trim > self.start {
                    self.pos = delim - trim;
                    self.emit(Tok::Text);
                }
                self.pos = delim;
                self.start = delim;
                self.lex_left_delim()
            }
            None => {
                self.pos = self.input.len();
                if self.pos > self.start {
                    self.emit(Tok::Text);
                }
                self.emit(Tok::Eof);
                false
            }
        }
    }

    fn lex_left_delim(&mut self) -> bool {
        self.pos += 2;
        let trim = has_left_trim(&self.b[self.pos..]);
        let after = if trim { 2 } else { 0 };
        if self.b[self.pos + after..].starts_with(b"/*") {
            self.pos += after + 2;
            match self.input[self.pos..].find("*/") {
                None => {
                    self.error("unclosed comment".to_string());
                    return false;
                }
                Some(x) => self.pos += x + 2,
            }
            let (delim, trim_right) = at_right_delim(self.b, self.pos);
            if !delim {
                self.error("comment ends before closing delimiter".to_string());
                return false;
            }
            if trim_right {
                self.pos += 2;
            }
            self.pos += 2;
            if trim_right {
                self.pos += left_trim_len(&self.b[self.pos..]);
            }
            self.start = self.pos;
            return true;
        }
        self.emit(Tok::LeftDelim);
        self.pos += after;
        self.start = self.pos;
        self.paren = 0;
        self.lex_inside()
    }

    /// Lexes the inside of an action up to and including its right delimiter.
    fn lex_inside(&mut self) -> bool {
        loop {
            let (delim, trim) = at_right_delim(self.b, self.pos);
            if delim {
                if self.paren != 0 {
                    self.error("unclosed left paren".to_string());
                    return false;
                }
                if trim {
                    self.pos += 2;
                    self.start = self.pos;
                }
                self.pos += 2;
                self.emit(Tok::RightDelim);
                if trim {
                    self.pos += left_trim_len(&self.b[self.pos..]);
                    self.start = self.pos;
                }
                return true;
            }
            let Some(r) = self.next() else {
                self.error("unclosed action".to_string());
                return false;
            };
            match r {
                c if c.is_ascii() && is_space(c as u8) => {
                    self.pos -= 1;
                    let mut n = 0;
                    while self.pos < self.b.len() && is_space(self.b[self.pos]) {
                        self.pos += 1;
                        n += 1;
                    }
                    let back = self.pos - 1;
                    if has_right_trim(&self.b[back..]) && self.b[back + 2..].starts_with(b"}}") {
                        self.pos = back;
                        if n == 1 {
                            continue;
                        }
                    }
                    self.emit(Tok::Space);
                }
                '=' => self.emit(Tok::Assign),
                ':' => {
                    if self.next() != Some('=') {
                        self.error("expected :=".to_string());
                        return false;
                    }
                    self.emit(Tok::Declare);
                }
                '|' => self.emit(Tok::Pipe),
                '"' => {
                    if !self.lex_quote('"', "unterminated quoted string", Tok::Str) {
                        return false;
                    }
                }
                '`' => loop {
                    match self.next() {
                        None => {
                            self.error("unterminated raw quoted string".to_string());
                            return false;
                        }
                        Some('`') => {
                            self.emit(Tok::RawStr);
                            break;
                        }
                        _ => {}
                    }
                },
                '$' => {
                    if self.at_terminator() {
                        self.emit(Tok::Variable);
                    } else if !self.lex_field_or_var(Tok::Variable) {
                        return false;
                    }
                }
                '\'' => {
                    if !self.lex_quote('\'', "unterminated character constant", Tok::CharConst) {
                        return false;
                    }
                }
                '.' if !matches!(self.peek(), Some('0'..='9')) => {
                    if !self.lex_field_or_var(Tok::Field) {
                        return false;
                    }
                }
                '.' | '+' | '-' | '0'..='9' => {
                    self.pos -= 1;
                    if !self.lex_number() {
                        return false;
                    }
                }
                c if is_alnum(c) => {
                    self.pos -= c.len_utf8();
                    if !self.lex_identifier() {
                        return false;
                    }
                }
                '(' => {
                    self.paren += 1;
                    self.emit(Tok::LeftParen);
                }
                ')' => {
                    self.paren -= 1;
                    if self.paren < 0 {
                        self.error("unexpected right paren".to_string());
                        return false;
                    }
                    self.emit(Tok::RightParen);
                }
                c if c.is_ascii() && !c.is_ascii_control() => self.emit(Tok::Char),
                c => {
                    self.error(format!(
                        "unrecognized character in action: {}",
                        unicode_desc(c)
                    ));
                    return false;
                }
            }
        }
    }

    fn lex_quote(&mut self, close: char, msg: &str, typ: Tok) -> bool {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    Some('\n') | None => {
                        self.error(msg.to_string());
                        return false;
                    }
                    _ => {}
                },
                None | Some('\n') => {
                    self.error(msg.to_string());
                    return false;
                }
                Some(c) if c == close => {
                    self.emit(typ);
                    return true;
                }
                _ => {}
            }
        }
    }

    fn lex_field_or_var(&mut self, typ: Tok) -> bool {
        if self.at_terminator() {
            self.emit(if typ == Tok::Variable {
                Tok::Variable
            } else {
                Tok::Dot
            });
            return true;
        }
        let mut last = None;
        loop {
            let c = self.peek();
            match c {
                Some(c) if is_alnum(c) => self.pos += c.len_utf8(),
                _ => {
                    last = c.or(last);
                    break;
                }
            }
        }
        if !self.at_terminator() {
            self.error(format!(
                "bad character {}",
                unicode_desc(last.unwrap_or('\0'))
            ));
            return false;
        }
        self.emit(typ);
        true
    }

    fn lex_identifier(&mut self) -> bool {
        while let Some(c) = self.peek() {
            if !is_alnum(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        if !self.at_terminator() {
            let c = self.peek().unwrap_or('\0');
            self.error(format!("bad character {}", unicode_desc(c)));
            return false;
        }
        let typ = match &self.input[self.start..self.pos] {
            "block" => Tok::Block,
            "break" => Tok::Break,
            "continue" => Tok::Continue,
            "define" => Tok::Define,
            "else" => Tok::Else,
            "end" => Tok::End,
            "if" => Tok::If,
            "nil" => Tok::Nil,
            "range" => Tok::Range,
            "template" => Tok::Template,
            "with" => Tok::With,
            "true" | "false" => Tok::Bool,
            _ => Tok::Identifier,
        };
        self.emit(typ);
        true
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if let Some(c) = self.peek() {
            if is_alnum(c) {
                self.pos += c.len_utf8();
                return false;
            }
        }
        true
    }

    fn lex_number(&mut self) -> bool {
        if !self.scan_number() {
            let t = self.input[self.start..self.pos].to_string();
            self.error(format!(
                "bad number syntax: {}",
                super::format::go_quote(&t)
            ));
            return false;
        }
        if matches!(self.peek(), Some('+' | '-')) {
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let t = self.input[self.start..self.pos].to_string();
                self.error(format!(
                    "bad number syntax: {}",
                    super::format::go_quote(&t)
                ));
                return false;
            }
            self.emit(Tok::Complex);
            return true;
        }
        self.emit(Tok::Number);
        true
    }
}

/// Go's `%#U`: `U+0041 'A'`.
fn unicode_desc(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{}'", c as u32, c)
    }
}

/// Lexes a whole template. The last item is `Eof` or `Error`.
pub(crate) fn lex(input: &str) -> Vec<Item> {
    let mut l = Lexer {
        input,
        b: input.as_bytes(),
        pos: 0,
        start: 0,
        items: Vec::new(),
        paren: 0,
    };
    while l.lex_text() {}
    l.items
}
