//! Condition expressions: `map < 65 and not given("norepinephrine") and elapsed > 20m`.
//!
//! Instructors write transitions, events, findings and rubric guards as short expressions. They are
//! parsed and type-checked when the case loads — every name resolved to an index, every operator
//! checked for its operand types — so a typo is reported at its column before anyone plays, and
//! evaluation during the simulation is a walk over a small tree with no string look-ups.

use std::fmt;

pub use super::cond::{ArithOp, CmpOp, Cond, Num};

/// The type of a (sub-)expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Num,
    Bool,
    Duration,
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Ty::Num => "a number",
            Ty::Bool => "true/false",
            Ty::Duration => "a duration",
        })
    }
}

/// A problem in an expression, at a byte offset inside the expression text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub offset: usize,
    pub message: String,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
}

/// Built-in functions over the session's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// `given("x")` / `done("x")`: an action, drug or drug class has been ordered.
    Done,
    /// `given_within("x", 30m)` / `done_within(..)`: last ordered no longer ago than the duration.
    DoneWithin,
    /// `count("x")`: how many times.
    Count,
    /// `total("x")`: total amount given, in the drug's dose unit (mL for fluids).
    Total,
    /// `in_state("s")`.
    InState,
    /// `responder("r")`: this patient (drawn from the seed) responds.
    Responder,
    /// `running("x")`: an infusion of a drug (or of any drug of a class) is running now.
    Running,
    /// `level("x")`: the amount of a drug (summed over a class) in the body now, per kg.
    Level,
    /// `tripped("g")`: an action's guard has tripped at least once.
    Tripped,
    /// `held("s")`: a standing order is held now.
    Held,
}

/// A resolved, type-checked expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(f64),
    Bool(bool),
    /// Seconds.
    Duration(u64),
    Var(usize),
    Elapsed,
    TimeInState,
    /// The patient's weight in kg.
    Weight,
    Call(Func, usize, u64),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
}

/// What a name in an expression can refer to; implemented by the scenario compiler.
pub trait Resolver {
    /// Index of a physiological variable.
    fn variable(&self, name: &str) -> Option<usize>;
    /// Index of a history tag (action id, drug id or drug class).
    fn tag(&self, name: &str) -> Option<usize>;
    /// Index of a history tag that is a drug id or drug class (not an action id).
    fn drug_tag(&self, name: &str) -> Option<usize>;
    /// Index of a clinical state.
    fn state(&self, name: &str) -> Option<usize>;
    /// Index of a responder trait.
    fn responder(&self, name: &str) -> Option<usize>;
    /// Names to suggest when a variable is unknown.
    fn variable_names(&self) -> Vec<String>;
    /// Index of an action's guard (`tripped('g')`).
    fn guard(&self, _name: &str) -> Option<usize> {
        None
    }
    /// Index of a standing order (`held('s')`).
    fn schedule(&self, _name: &str) -> Option<usize> {
        None
    }
}

/// What an expression needs from a running (or recorded) session to evaluate.
pub trait Context {
    fn var(&self, index: usize) -> f64;
    fn now(&self) -> u64;
    fn state_entered_at(&self) -> u64;
    fn current_state(&self) -> usize;
    fn last_done(&self, tag: usize) -> Option<u64>;
    fn count(&self, tag: usize) -> u32;
    fn total(&self, tag: usize) -> f64;
    fn responder(&self, index: usize) -> bool;
    fn weight_kg(&self) -> f64;
    /// Whether an infusion of a drug with this tag (its id or a class) is running.
    fn running(&self, tag: usize) -> bool;
    /// The amount in the body per kg of the drugs with this tag (its id or a class).
    fn level(&self, tag: usize) -> f64;
    /// Whether the action guard with this index has tripped.
    fn tripped(&self, _guard: usize) -> bool {
        false
    }
    /// Whether the standing order with this index is held now.
    fn held(&self, _schedule: usize) -> bool {
        false
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Dur(u64),
    Str(String),
    Ident(String),
    LParen,
    RParen,
    Comma,
    Op(BinOp),
    Minus,
    Not,
    End,
}

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, ExprError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let two = |s: &str| src[i..].starts_with(s);
        let (tok, len) = match c {
            b'(' => (Tok::LParen, 1),
            b')' => (Tok::RParen, 1),
            b',' => (Tok::Comma, 1),
            b'+' => (Tok::Op(BinOp::Add), 1),
            b'-' => (Tok::Minus, 1),
            b'*' => (Tok::Op(BinOp::Mul), 1),
            b'/' => (Tok::Op(BinOp::Div), 1),
            b'<' if two("<=") => (Tok::Op(BinOp::Le), 2),
            b'<' => (Tok::Op(BinOp::Lt), 1),
            b'>' if two(">=") => (Tok::Op(BinOp::Ge), 2),
            b'>' => (Tok::Op(BinOp::Gt), 1),
            b'=' if two("==") => (Tok::Op(BinOp::Eq), 2),
            b'!' if two("!=") => (Tok::Op(BinOp::Ne), 2),
            b'"' | b'\'' => {
                let rest = &src[i + 1..];
                let Some(end) = rest.find(c as char) else {
                    return Err(ExprError {
                        offset: start,
                        message: format!("unterminated name: a closing {} is missing", c as char),
                    });
                };
                (Tok::Str(rest[..end].to_string()), end + 2)
            }
            b'0'..=b'9' | b'.' => lex_number(src, i)?,
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let len = src[i..]
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    .count();
                let word = &src[i..i + len];
                let tok = match word {
                    "and" => Tok::Op(BinOp::And),
                    "or" => Tok::Op(BinOp::Or),
                    "not" => Tok::Not,
                    _ => Tok::Ident(word.to_string()),
                };
                (tok, len)
            }
            _ => {
                let ch = src[i..].chars().next().unwrap_or('?');
                return Err(ExprError {
                    offset: start,
                    message: format!("unexpected character '{ch}'"),
                });
            }
        };
        out.push((tok, start));
        i += len;
    }
    out.push((Tok::End, src.len()));
    Ok(out)
}

/// A number, or a duration such as `20m`, `90s`, `1h30m`.
fn lex_number(src: &str, start: usize) -> Result<(Tok, usize), ExprError> {
    let rest = &src[start..];
    let num_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let after = &rest[num_len..];
    if after.starts_with(['s', 'm', 'h', 'd'])
        && !after.starts_with("mg")
        && !after.starts_with("ml")
        && !after.starts_with("mL")
    {
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        return match parse_duration(&rest[..len]) {
            Some(secs) => Ok((Tok::Dur(secs), len)),
            None => Err(ExprError {
                offset: start,
                message: duration_problem(&rest[..len]),
            }),
        };
    }
    let text = &rest[..num_len];
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok((Tok::Num(v), num_len)),
        // A literal beyond a double's range parses as infinity, which would make every
        // comparison with it silently true or false.
        Ok(_) => Err(ExprError {
            offset: start,
            message: format!(
                "'{}' is too large for a number (at most about 1.8e308)",
                crate::scenario::load::shorten(text)
            ),
        }),
        Err(_) => Err(ExprError {
            offset: start,
            message: format!("'{}' is not a number", crate::scenario::load::shorten(text)),
        }),
    }
}

/// The longest duration a case or a log may use: one year. Every time in a case (a time limit,
/// a turnaround, a deadline, an effect's duration) and every simulated time in a log is at most
/// this, so sums of a time and a duration can never overflow (they stay below 2⁶³ by far).
pub const MAX_DURATION: u64 = 366 * 86_400;

/// Parses `45s`, `20m`, `2h`, `1d`, `1h30m`, `1h30m15s` into seconds; `None` if it is not a
/// duration or is longer than [`MAX_DURATION`].
pub fn parse_duration(text: &str) -> Option<u64> {
    parse_any_duration(text).filter(|&t| t <= MAX_DURATION)
}

/// Why `text` is not a duration [`parse_duration`] accepts, in the words of an error message
/// (a long text is shown cut short).
pub fn duration_problem(text: &str) -> String {
    let t = text.trim();
    let shown = crate::scenario::load::shorten(t);
    let well_formed = t.starts_with(|c: char| c.is_ascii_digit())
        && t.ends_with(['s', 'm', 'h', 'd'])
        && t.chars().all(|c| c.is_ascii_digit() || "smhd".contains(c));
    if well_formed {
        format!(
            "'{shown}' is longer than the longest time a case may use ({} days)",
            MAX_DURATION / 86_400
        )
    } else {
        format!("'{shown}' is not a duration: write e.g. \"45s\", \"20m\", \"2h\" or \"1h30m\"")
    }
}

/// A duration of any length that fits in seconds as a `u64`.
fn parse_any_duration(text: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut digits = String::new();
    let mut any = false;
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let mult = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        let n: u64 = digits.parse().ok()?;
        total = total.checked_add(n.checked_mul(mult)?)?;
        digits.clear();
        any = true;
    }
    (any && digits.is_empty()).then_some(total)
}

/// Formats seconds as the shortest duration text (`1h30m`, `45s`, `0s`).
pub fn format_duration(secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 {
        out += &format!("{h}h");
    }
    if m > 0 {
        out += &format!("{m}m");
    }
    if s > 0 {
        out += &format!("{s}s");
    }
    out
}

struct Parser<'a, R: Resolver + ?Sized> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    resolver: &'a R,
}

type Typed = (Expr, Ty);

impl<R: Resolver + ?Sized> Parser<'_, R> {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }
    fn offset(&self) -> usize {
        self.toks[self.pos].1
    }
    fn bump(&mut self) -> (Tok, usize) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }
    fn err<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, ExprError> {
        Err(ExprError {
            offset,
            message: message.into(),
        })
    }

    fn or(&mut self) -> Result<Typed, ExprError> {
        let mut lhs = self.and()?;
        while *self.peek() == Tok::Op(BinOp::Or) {
            let at = self.bump().1;
            let rhs = self.and()?;
            lhs = self.logic(BinOp::Or, lhs, rhs, at)?;
        }
        Ok(lhs)
    }

    fn and(&mut self) -> Result<Typed, ExprError> {
        let mut lhs = self.not()?;
        while *self.peek() == Tok::Op(BinOp::And) {
            let at = self.bump().1;
            let rhs = self.not()?;
            lhs = self.logic(BinOp::And, lhs, rhs, at)?;
        }
        Ok(lhs)
    }

    fn logic(&self, op: BinOp, l: Typed, r: Typed, at: usize) -> Result<Typed, ExprError> {
        if l.1 != Ty::Bool || r.1 != Ty::Bool {
            let word = if op == BinOp::And { "and" } else { "or" };
            return self.err(
                at,
                format!(
                    "'{word}' joins two true/false conditions, but got {} and {}",
                    l.1, r.1
                ),
            );
        }
        Ok((Expr::Bin(op, Box::new(l.0), Box::new(r.0)), Ty::Bool))
    }

    fn not(&mut self) -> Result<Typed, ExprError> {
        if *self.peek() == Tok::Not {
            let at = self.bump().1;
            let (e, ty) = self.not()?;
            if ty != Ty::Bool {
                return self.err(at, format!("'not' needs a true/false condition, not {ty}"));
            }
            return Ok((Expr::Not(Box::new(e)), Ty::Bool));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Typed, ExprError> {
        let lhs = self.sum()?;
        let op = match self.peek() {
            Tok::Op(
                op @ (BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne),
            ) => *op,
            _ => return Ok(lhs),
        };
        let at = self.bump().1;
        let rhs = self.sum()?;
        if lhs.1 != rhs.1 {
            return self.err(at, format!("cannot compare {} with {}", lhs.1, rhs.1));
        }
        if lhs.1 == Ty::Bool && !matches!(op, BinOp::Eq | BinOp::Ne) {
            return self.err(at, "true/false values can only be compared with == or !=");
        }
        Ok((Expr::Bin(op, Box::new(lhs.0), Box::new(rhs.0)), Ty::Bool))
    }

    fn sum(&mut self) -> Result<Typed, ExprError> {
        let mut lhs = self.product()?;
        loop {
            let op = match self.peek() {
                Tok::Op(BinOp::Add) => BinOp::Add,
                Tok::Minus => BinOp::Sub,
                _ => return Ok(lhs),
            };
            let at = self.bump().1;
            let rhs = self.product()?;
            if lhs.1 != rhs.1 || lhs.1 == Ty::Bool {
                return self.err(
                    at,
                    format!("cannot add or subtract {} and {}", lhs.1, rhs.1),
                );
            }
            lhs = (Expr::Bin(op, Box::new(lhs.0), Box::new(rhs.0)), lhs.1);
        }
    }

    fn product(&mut self) -> Result<Typed, ExprError> {
        let mut lhs = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Op(op @ (BinOp::Mul | BinOp::Div)) => *op,
                _ => return Ok(lhs),
            };
            let at = self.bump().1;
            let rhs = self.unary()?;
            if lhs.1 != Ty::Num || rhs.1 != Ty::Num {
                return self.err(
                    at,
                    format!("cannot multiply or divide {} and {}", lhs.1, rhs.1),
                );
            }
            lhs = (Expr::Bin(op, Box::new(lhs.0), Box::new(rhs.0)), Ty::Num);
        }
    }

    fn unary(&mut self) -> Result<Typed, ExprError> {
        if *self.peek() == Tok::Minus {
            let at = self.bump().1;
            let (e, ty) = self.unary()?;
            if ty != Ty::Num {
                return self.err(at, format!("cannot negate {ty}"));
            }
            return Ok((Expr::Neg(Box::new(e)), Ty::Num));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Typed, ExprError> {
        let (tok, at) = self.bump();
        match tok {
            Tok::Num(v) => Ok((Expr::Num(v), Ty::Num)),
            Tok::Dur(s) => Ok((Expr::Duration(s), Ty::Duration)),
            Tok::LParen => {
                let inner = self.or()?;
                self.expect(Tok::RParen, "')'")?;
                Ok(inner)
            }
            Tok::Ident(name) if *self.peek() == Tok::LParen => self.call(&name, at),
            Tok::Ident(name) => match name.as_str() {
                "true" => Ok((Expr::Bool(true), Ty::Bool)),
                "false" => Ok((Expr::Bool(false), Ty::Bool)),
                "elapsed" => Ok((Expr::Elapsed, Ty::Duration)),
                "time_in_state" => Ok((Expr::TimeInState, Ty::Duration)),
                "weight" => Ok((Expr::Weight, Ty::Num)),
                _ => match self.resolver.variable(&name) {
                    Some(i) => Ok((Expr::Var(i), Ty::Num)),
                    None => {
                        let known = self.resolver.variable_names().join(", ");
                        self.err(
                            at,
                            format!(
                                "unknown variable '{name}' (known: elapsed, time_in_state, weight, {known})"
                            ),
                        )
                    }
                },
            },
            Tok::Str(_) => self.err(
                at,
                "a quoted name only goes inside a function such as given(\"...\")",
            ),
            Tok::End => self.err(at, "the expression ends too early: a value was expected"),
            other => self.err(at, format!("expected a value, found {}", describe(&other))),
        }
    }

    fn expect(&mut self, want: Tok, what: &str) -> Result<(), ExprError> {
        let (tok, at) = self.bump();
        if tok == want {
            Ok(())
        } else {
            self.err(at, format!("expected {what}, found {}", describe(&tok)))
        }
    }

    fn call(&mut self, name: &str, at: usize) -> Result<Typed, ExprError> {
        let (func, ty, with_duration) = match name {
            "given" | "done" => (Func::Done, Ty::Bool, false),
            "given_within" | "done_within" => (Func::DoneWithin, Ty::Bool, true),
            "count" => (Func::Count, Ty::Num, false),
            "total" => (Func::Total, Ty::Num, false),
            "in_state" => (Func::InState, Ty::Bool, false),
            "responder" => (Func::Responder, Ty::Bool, false),
            "running" => (Func::Running, Ty::Bool, false),
            "level" => (Func::Level, Ty::Num, false),
            "tripped" => (Func::Tripped, Ty::Bool, false),
            "held" => (Func::Held, Ty::Bool, false),
            _ => {
                return self.err(
                    at,
                    format!(
                        "unknown function '{name}' (known: given, done, given_within, done_within, count, total, in_state, responder, running, level, tripped, held)"
                    ),
                );
            }
        };
        self.expect(Tok::LParen, "'('")?;
        let (arg, arg_at) = self.bump();
        let Tok::Str(arg) = arg else {
            return self.err(
                arg_at,
                format!("{name}(...) takes a quoted name, e.g. {name}(\"x\")"),
            );
        };
        let index = match func {
            Func::InState => self
                .resolver
                .state(&arg)
                .ok_or(format!("unknown state '{arg}'")),
            Func::Responder => self.resolver.responder(&arg).ok_or(format!(
                "unknown responder '{arg}' (declare it under responders)"
            )),
            Func::Running => self.resolver.drug_tag(&arg).ok_or(format!(
                "'{arg}' is not a drug or drug class of this case (running(...) asks whether an infusion of it is running)"
            )),
            Func::Level => self.resolver.drug_tag(&arg).ok_or(format!(
                "'{arg}' is not a drug or drug class of this case (level(...) is the amount of it in the body per kg)"
            )),
            Func::Tripped => self.resolver.guard(&arg).ok_or(format!(
                "'{arg}' is not a guard of an action of this case (tripped(...) takes a guard's id)"
            )),
            Func::Held => self.resolver.schedule(&arg).ok_or(format!(
                "'{arg}' is not a standing order of this case (held(...) takes an id from `schedule`)"
            )),
            _ => self.resolver.tag(&arg).ok_or(format!(
                "'{arg}' is not an action, drug or drug class of this case"
            )),
        };
        let index = match index {
            Ok(i) => i,
            Err(m) => return self.err(arg_at, m),
        };
        let mut secs = 0;
        if with_duration {
            self.expect(Tok::Comma, "',' and a duration")?;
            let (d, d_at) = self.bump();
            let Tok::Dur(d) = d else {
                return self.err(
                    d_at,
                    format!("{name} needs a duration such as 30m as its second argument"),
                );
            };
            secs = d;
        }
        self.expect(Tok::RParen, "')'")?;
        Ok((Expr::Call(func, index, secs), ty))
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(v) => format!("number {v}"),
        Tok::Dur(s) => format!("duration {}", format_duration(*s)),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Ident(s) => format!("'{s}'"),
        Tok::LParen => "'('".into(),
        Tok::RParen => "')'".into(),
        Tok::Comma => "','".into(),
        Tok::Op(op) => format!("operator {op:?}"),
        Tok::Minus => "'-'".into(),
        Tok::Not => "'not'".into(),
        Tok::End => "the end of the expression".into(),
    }
}

/// The most tokens (names, numbers, operators, brackets) one condition may have. The parser,
/// the evaluation and the checks all walk a condition's tree recursively, as deep as it is
/// long at most: without a bound, a thousand nested brackets overflowed the stack and aborted
/// the program. The longest bundled condition has about 25.
pub const MAX_CONDITION_TOKENS: usize = 200;

/// Parses and type-checks a condition; it must be true/false.
pub fn parse_condition<R: Resolver + ?Sized>(src: &str, resolver: &R) -> Result<Expr, ExprError> {
    let toks = lex(src)?;
    // The end marker is not a token of the condition.
    if toks.len() > MAX_CONDITION_TOKENS + 1 {
        return Err(ExprError {
            offset: toks[MAX_CONDITION_TOKENS].1,
            message: format!(
                "this condition is longer than {MAX_CONDITION_TOKENS} names, numbers and operators: split it (a state, an event or a criterion each take their own)"
            ),
        });
    }
    let mut p = Parser {
        toks,
        pos: 0,
        resolver,
    };
    let (e, ty) = p.or()?;
    if *p.peek() != Tok::End {
        let at = p.offset();
        return p.err(
            at,
            format!(
                "unexpected {} after a complete condition (missing 'and'/'or'?)",
                describe(p.peek())
            ),
        );
    }
    if ty != Ty::Bool {
        return p.err(
            0,
            format!("a condition must be true or false, but this is {ty}"),
        );
    }
    Ok(e)
}

impl Expr {
    /// Evaluates a type-checked condition. Typed evaluation: true/false sub-expressions go
    /// through `truth`, numbers and durations (seconds) through `num`.
    pub fn truth<C: Context + ?Sized>(&self, ctx: &C) -> bool {
        match self {
            Expr::Bool(b) => *b,
            Expr::Not(e) => !e.truth(ctx),
            Expr::Call(f, i, secs) => match f {
                Func::Done => ctx.last_done(*i).is_some(),
                Func::DoneWithin => ctx
                    .last_done(*i)
                    .is_some_and(|t| ctx.now().saturating_sub(t) <= *secs),
                Func::InState => ctx.current_state() == *i,
                Func::Responder => ctx.responder(*i),
                Func::Running => ctx.running(*i),
                Func::Tripped => ctx.tripped(*i),
                Func::Held => ctx.held(*i),
                Func::Count | Func::Total | Func::Level => self.num(ctx) != 0.0,
            },
            Expr::Bin(op, l, r) => match op {
                BinOp::And => l.truth(ctx) && r.truth(ctx),
                BinOp::Or => l.truth(ctx) || r.truth(ctx),
                BinOp::Lt => l.num(ctx) < r.num(ctx),
                BinOp::Le => l.num(ctx) <= r.num(ctx),
                BinOp::Gt => l.num(ctx) > r.num(ctx),
                BinOp::Ge => l.num(ctx) >= r.num(ctx),
                BinOp::Eq | BinOp::Ne => {
                    let same = if l.is_bool() {
                        l.truth(ctx) == r.truth(ctx)
                    } else {
                        l.num(ctx) == r.num(ctx)
                    };
                    same == (*op == BinOp::Eq)
                }
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => self.num(ctx) != 0.0,
            },
            _ => self.num(ctx) != 0.0,
        }
    }

    /// Whether this condition can change its truth only when the trainee acts: it reads nothing
    /// but what has been ordered (`given`, `count`), the patient's traits and constants — no
    /// variable, clock, state, running infusion or amount in the body. The simulation then
    /// evaluates it after each decision only, not on every tick: the answer is the same.
    pub fn changes_only_at_decisions(&self) -> bool {
        match self {
            Expr::Num(_) | Expr::Bool(_) | Expr::Duration(_) | Expr::Weight => true,
            Expr::Var(_) | Expr::Elapsed | Expr::TimeInState => false,
            Expr::Call(f, ..) => matches!(
                f,
                Func::Done | Func::Count | Func::Responder | Func::Tripped | Func::Held
            ),
            Expr::Neg(e) | Expr::Not(e) => e.changes_only_at_decisions(),
            Expr::Bin(_, l, r) => l.changes_only_at_decisions() && r.changes_only_at_decisions(),
        }
    }

    /// The state this condition can only hold in: `in_state('s')` itself or as one side of an
    /// `and` chain. Lets the simulation skip conditions that cannot be true in the current state.
    pub fn required_state(&self) -> Option<usize> {
        match self {
            Expr::Call(Func::InState, s, _) => Some(*s),
            Expr::Bin(BinOp::And, l, r) => l.required_state().or_else(|| r.required_state()),
            _ => None,
        }
    }

    /// Whether this (type-checked) expression is true/false rather than a number or duration.
    pub(super) fn is_bool(&self) -> bool {
        match self {
            Expr::Bool(_) | Expr::Not(_) => true,
            Expr::Call(f, ..) => !matches!(f, Func::Count | Func::Total | Func::Level),
            Expr::Bin(op, ..) => !matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div),
            _ => false,
        }
    }

    fn num<C: Context + ?Sized>(&self, ctx: &C) -> f64 {
        match self {
            Expr::Num(v) => *v,
            Expr::Duration(s) => *s as f64,
            Expr::Var(i) => ctx.var(*i),
            Expr::Elapsed => ctx.now() as f64,
            Expr::Weight => ctx.weight_kg(),
            Expr::TimeInState => ctx.now().saturating_sub(ctx.state_entered_at()) as f64,
            Expr::Call(Func::Count, i, _) => f64::from(ctx.count(*i)),
            Expr::Call(Func::Total, i, _) => ctx.total(*i),
            Expr::Call(Func::Level, i, _) => ctx.level(*i),
            Expr::Neg(e) => -e.num(ctx),
            Expr::Bin(BinOp::Add, l, r) => l.num(ctx) + r.num(ctx),
            Expr::Bin(BinOp::Sub, l, r) => l.num(ctx) - r.num(ctx),
            Expr::Bin(BinOp::Mul, l, r) => l.num(ctx) * r.num(ctx),
            Expr::Bin(BinOp::Div, l, r) => l.num(ctx) / r.num(ctx),
            other => f64::from(u8::from(other.truth(ctx))),
        }
    }
}

#[cfg(test)]
#[path = "expr_tests.rs"]
mod tests;
