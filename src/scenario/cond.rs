//! Conditions in evaluation form: an [`Expr`] prepared once (types settled, leaves inline, `and`
//! / `or` chains flattened) so that the simulation can evaluate it on every tick cheaply, with
//! the same answer as the expression it came from.

use super::expr::{BinOp, Context, Expr, Func};

/// A condition prepared for evaluation many times over, e.g. on every simulation tick.
///
/// It is the same tree as the [`Expr`] it is made from, evaluated the same way — the same
/// operations on the same values in the same order, so always the same answer — but without the
/// interpretive overhead: each node's type is settled once (no `is_bool` checks while running),
/// leaves such as variables and constants sit inline in their comparison, and chains of `and` /
/// `or` are flattened into one list each (evaluation is pure, so short-circuiting over the list
/// gives the same result as over the nested pairs).
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Const(bool),
    Done(usize),
    DoneWithin(usize, u64),
    InState(usize),
    Responder(usize),
    Running(usize),
    Tripped(usize),
    Held(usize),
    Not(Box<Cond>),
    All(Box<[Cond]>),
    Any(Box<[Cond]>),
    /// Two numbers compared.
    Cmp(CmpOp, Num, Num),
    /// Two conditions compared: `true` for equal when the flag is set, for different otherwise.
    SameTruth(bool, Box<Cond>, Box<Cond>),
    /// A number used as a condition: true when it is not zero.
    NonZero(Num),
}

/// Comparison operators of a [`Cond`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

/// Arithmetic operators of a [`Num`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// A number or duration (in seconds) inside a [`Cond`].
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    Const(f64),
    Var(usize),
    Elapsed,
    TimeInState,
    Weight,
    Count(usize),
    Total(usize),
    Level(usize),
    Neg(Box<Num>),
    Arith(ArithOp, Box<Num>, Box<Num>),
    /// A condition used as a number: 1 when true, 0 when false.
    Truth(Box<Cond>),
}

impl Cond {
    /// Prepares `expr` so that `Cond::new(e).truth(ctx) == e.truth(ctx)` for every context.
    pub fn new(expr: &Expr) -> Cond {
        let cmp = |op: CmpOp, l: &Expr, r: &Expr| Cond::Cmp(op, Num::new(l), Num::new(r));
        match expr {
            Expr::Bool(b) => Cond::Const(*b),
            Expr::Not(e) => Cond::Not(Box::new(Cond::new(e))),
            Expr::Call(f, i, secs) => match f {
                Func::Done => Cond::Done(*i),
                Func::DoneWithin => Cond::DoneWithin(*i, *secs),
                Func::InState => Cond::InState(*i),
                Func::Responder => Cond::Responder(*i),
                Func::Running => Cond::Running(*i),
                Func::Tripped => Cond::Tripped(*i),
                Func::Held => Cond::Held(*i),
                Func::Count | Func::Total | Func::Level => Cond::NonZero(Num::new(expr)),
            },
            Expr::Bin(op, l, r) => match op {
                BinOp::And | BinOp::Or => {
                    let mut items = Vec::new();
                    flatten(expr, *op, &mut items);
                    let items = items.into_iter().map(Cond::new).collect();
                    if *op == BinOp::And {
                        Cond::All(items)
                    } else {
                        Cond::Any(items)
                    }
                }
                BinOp::Lt => cmp(CmpOp::Lt, l, r),
                BinOp::Le => cmp(CmpOp::Le, l, r),
                BinOp::Gt => cmp(CmpOp::Gt, l, r),
                BinOp::Ge => cmp(CmpOp::Ge, l, r),
                BinOp::Eq | BinOp::Ne if l.is_bool() => Cond::SameTruth(
                    *op == BinOp::Eq,
                    Box::new(Cond::new(l)),
                    Box::new(Cond::new(r)),
                ),
                BinOp::Eq => cmp(CmpOp::Eq, l, r),
                BinOp::Ne => cmp(CmpOp::Ne, l, r),
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => Cond::NonZero(Num::new(expr)),
            },
            _ => Cond::NonZero(Num::new(expr)),
        }
    }

    /// Evaluates the condition (the same answer as [`Expr::truth`] on its source).
    ///
    /// Leaves are evaluated in line, where the condition is used; only nodes with conditions
    /// inside them (`and`, `or`, `not`, …) cost a call.
    #[inline(always)]
    pub fn truth<C: Context + ?Sized>(&self, ctx: &C) -> bool {
        match self {
            Cond::Const(b) => *b,
            Cond::Done(i) => ctx.last_done(*i).is_some(),
            Cond::DoneWithin(i, secs) => ctx
                .last_done(*i)
                .is_some_and(|t| ctx.now().saturating_sub(t) <= *secs),
            Cond::InState(s) => ctx.current_state() == *s,
            Cond::Responder(r) => ctx.responder(*r),
            Cond::Running(t) => ctx.running(*t),
            Cond::Tripped(g) => ctx.tripped(*g),
            Cond::Held(s) => ctx.held(*s),
            Cond::Cmp(op, l, r) => {
                let (l, r) = (l.value(ctx), r.value(ctx));
                match op {
                    CmpOp::Lt => l < r,
                    CmpOp::Le => l <= r,
                    CmpOp::Gt => l > r,
                    CmpOp::Ge => l >= r,
                    CmpOp::Eq => l == r,
                    #[allow(clippy::nonminimal_bool)] // written as `Expr::truth` computes it
                    CmpOp::Ne => !(l == r),
                }
            }
            Cond::Not(_) | Cond::All(_) | Cond::Any(_) | Cond::SameTruth(..) | Cond::NonZero(_) => {
                self.compound(ctx)
            }
        }
    }

    #[inline(never)]
    fn compound<C: Context + ?Sized>(&self, ctx: &C) -> bool {
        match self {
            Cond::Not(c) => !c.truth(ctx),
            Cond::All(items) => items.iter().all(|c| c.truth(ctx)),
            Cond::Any(items) => items.iter().any(|c| c.truth(ctx)),
            Cond::SameTruth(eq, l, r) => (l.truth(ctx) == r.truth(ctx)) == *eq,
            Cond::NonZero(n) => n.value(ctx) != 0.0,
            leaf => leaf.truth(ctx),
        }
    }
}

/// The operands of a chain of `op` (`a and b and c` → a, b, c), left to right.
fn flatten<'e>(expr: &'e Expr, op: BinOp, out: &mut Vec<&'e Expr>) {
    match expr {
        Expr::Bin(o, l, r) if *o == op => {
            flatten(l, op, out);
            flatten(r, op, out);
        }
        _ => out.push(expr),
    }
}

impl Num {
    /// Prepares `expr` so that `Num::new(e).value(ctx)` is `e.num(ctx)`, bit for bit.
    fn new(expr: &Expr) -> Num {
        let arith = |op: ArithOp, l: &Expr, r: &Expr| {
            Num::Arith(op, Box::new(Num::new(l)), Box::new(Num::new(r)))
        };
        match expr {
            Expr::Num(v) => Num::Const(*v),
            Expr::Duration(s) => Num::Const(*s as f64),
            Expr::Var(i) => Num::Var(*i),
            Expr::Elapsed => Num::Elapsed,
            Expr::Weight => Num::Weight,
            Expr::TimeInState => Num::TimeInState,
            Expr::Call(Func::Count, i, _) => Num::Count(*i),
            Expr::Call(Func::Total, i, _) => Num::Total(*i),
            Expr::Call(Func::Level, i, _) => Num::Level(*i),
            Expr::Neg(e) => Num::Neg(Box::new(Num::new(e))),
            Expr::Bin(BinOp::Add, l, r) => arith(ArithOp::Add, l, r),
            Expr::Bin(BinOp::Sub, l, r) => arith(ArithOp::Sub, l, r),
            Expr::Bin(BinOp::Mul, l, r) => arith(ArithOp::Mul, l, r),
            Expr::Bin(BinOp::Div, l, r) => arith(ArithOp::Div, l, r),
            other => Num::Truth(Box::new(Cond::new(other))),
        }
    }

    #[inline(always)]
    fn value<C: Context + ?Sized>(&self, ctx: &C) -> f64 {
        match self {
            Num::Const(v) => *v,
            Num::Var(i) => ctx.var(*i),
            Num::Elapsed => ctx.now() as f64,
            Num::Weight => ctx.weight_kg(),
            Num::TimeInState => ctx.now().saturating_sub(ctx.state_entered_at()) as f64,
            Num::Count(i) => f64::from(ctx.count(*i)),
            Num::Total(i) => ctx.total(*i),
            Num::Level(i) => ctx.level(*i),
            Num::Neg(_) | Num::Arith(..) | Num::Truth(_) => self.compound(ctx),
        }
    }

    #[inline(never)]
    fn compound<C: Context + ?Sized>(&self, ctx: &C) -> f64 {
        match self {
            Num::Neg(n) => -n.value(ctx),
            Num::Arith(op, l, r) => {
                let (l, r) = (l.value(ctx), r.value(ctx));
                match op {
                    ArithOp::Add => l + r,
                    ArithOp::Sub => l - r,
                    ArithOp::Mul => l * r,
                    ArithOp::Div => l / r,
                }
            }
            Num::Truth(c) => f64::from(u8::from(c.truth(ctx))),
            leaf => leaf.value(ctx),
        }
    }
}
