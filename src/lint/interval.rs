//! Interval analysis of conditions: can this expression ever be true, given only the variables'
//! bounds and the case's time limit?
//!
//! Each number is abstracted to the interval it may take (a variable to its declared bounds,
//! `elapsed` to 0…time limit, `count`/`total` to 0…∞), each true/false to the pair "can be true /
//! can be false". What this proves impossible is impossible in every run; what it cannot prove
//! impossible may still never happen (it knows nothing of the dynamics).

use crate::scenario::Case;
use crate::scenario::expr::{BinOp, Expr, Func, format_duration};
use crate::units::fmt_num;

/// The values a number may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Iv {
    pub lo: f64,
    pub hi: f64,
}

impl Iv {
    fn point(v: f64) -> Iv {
        Iv { lo: v, hi: v }
    }
    fn any() -> Iv {
        Iv {
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
        }
    }
    fn mul(self, o: Iv) -> Iv {
        let c = [
            self.lo * o.lo,
            self.lo * o.hi,
            self.hi * o.lo,
            self.hi * o.hi,
        ];
        if c.iter().any(|x| x.is_nan()) {
            return Iv::any();
        }
        Iv {
            lo: c.iter().copied().fold(f64::INFINITY, f64::min),
            hi: c.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }
}

/// The abstract value of a sub-expression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Abs {
    Num(Iv),
    /// (can be true, can be false)
    Bool(bool, bool),
}

impl Abs {
    fn iv(self) -> Iv {
        match self {
            Abs::Num(i) => i,
            Abs::Bool(t, f) => Iv {
                lo: if f { 0.0 } else { 1.0 },
                hi: if t { 1.0 } else { 0.0 },
            },
        }
    }
    fn tf(self) -> (bool, bool) {
        match self {
            Abs::Bool(t, f) => (t, f),
            Abs::Num(i) => (!(i.lo == 0.0 && i.hi == 0.0), i.lo <= 0.0 && i.hi >= 0.0),
        }
    }
    /// Whether it can ever be true.
    pub fn can_be_true(self) -> bool {
        self.tf().0
    }
}

/// Abstractly evaluates `e` over the case's variable bounds.
pub fn eval(e: &Expr, case: &Case) -> Abs {
    let limit = case.scenario.time_limit.secs() as f64;
    match e {
        Expr::Num(v) => Abs::Num(Iv::point(*v)),
        Expr::Bool(b) => Abs::Bool(*b, !*b),
        Expr::Duration(s) => Abs::Num(Iv::point(*s as f64)),
        Expr::Var(i) => Abs::Num(Iv {
            lo: case.vars[*i].min,
            hi: case.vars[*i].max,
        }),
        Expr::Elapsed | Expr::TimeInState => Abs::Num(Iv { lo: 0.0, hi: limit }),
        Expr::Weight => Abs::Num(Iv::point(case.weight_kg())),
        Expr::Call(f, i, _) => match f {
            Func::Count | Func::Total | Func::Level => Abs::Num(Iv {
                lo: 0.0,
                hi: f64::INFINITY,
            }),
            Func::Responder => {
                let p = case.responders[*i].1;
                Abs::Bool(p > 0.0, p < 1.0)
            }
            Func::Done
            | Func::DoneWithin
            | Func::InState
            | Func::Running
            | Func::Tripped
            | Func::Held => Abs::Bool(true, true),
        },
        Expr::Neg(x) => {
            let i = eval(x, case).iv();
            Abs::Num(Iv {
                lo: -i.hi,
                hi: -i.lo,
            })
        }
        Expr::Not(x) => {
            let (t, f) = eval(x, case).tf();
            Abs::Bool(f, t)
        }
        Expr::Bin(op, l, r) => {
            let (a, b) = (eval(l, case), eval(r, case));
            match op {
                BinOp::And => {
                    let ((at, af), (bt, bf)) = (a.tf(), b.tf());
                    Abs::Bool(at && bt, af || bf)
                }
                BinOp::Or => {
                    let ((at, af), (bt, bf)) = (a.tf(), b.tf());
                    Abs::Bool(at || bt, af && bf)
                }
                BinOp::Add => {
                    let (x, y) = (a.iv(), b.iv());
                    Abs::Num(Iv {
                        lo: x.lo + y.lo,
                        hi: x.hi + y.hi,
                    })
                }
                BinOp::Sub => {
                    let (x, y) = (a.iv(), b.iv());
                    Abs::Num(Iv {
                        lo: x.lo - y.hi,
                        hi: x.hi - y.lo,
                    })
                }
                BinOp::Mul => Abs::Num(a.iv().mul(b.iv())),
                BinOp::Div => {
                    let y = b.iv();
                    if y.lo <= 0.0 && y.hi >= 0.0 {
                        Abs::Num(Iv::any())
                    } else {
                        Abs::Num(a.iv().mul(Iv {
                            lo: 1.0 / y.hi,
                            hi: 1.0 / y.lo,
                        }))
                    }
                }
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                    let (x, y) = (a.iv(), b.iv());
                    Abs::Bool(
                        match op {
                            BinOp::Lt => x.lo < y.hi,
                            BinOp::Le => x.lo <= y.hi,
                            BinOp::Gt => x.hi > y.lo,
                            _ => x.hi >= y.lo,
                        },
                        match op {
                            BinOp::Lt => x.hi >= y.lo,
                            BinOp::Le => x.hi > y.lo,
                            BinOp::Gt => x.lo <= y.hi,
                            _ => x.lo < y.hi,
                        },
                    )
                }
                BinOp::Eq | BinOp::Ne => {
                    let (t, f) = match (a, b) {
                        (Abs::Bool(at, af), Abs::Bool(bt, bf)) => {
                            ((at && bt) || (af && bf), (at && bf) || (af && bt))
                        }
                        _ => {
                            let (x, y) = (a.iv(), b.iv());
                            let overlap = x.lo <= y.hi && y.lo <= x.hi;
                            let single = x.lo == x.hi && y.lo == y.hi && x.lo == y.lo;
                            (overlap, !single)
                        }
                    };
                    if *op == BinOp::Eq {
                        Abs::Bool(t, f)
                    } else {
                        Abs::Bool(f, t)
                    }
                }
            }
        }
    }
}

/// For a condition that can never be true, the smallest part that shows why, as text with the
/// bounds that rule it out (e.g. `spo2 > 100 (spo2 is 0–100)`).
pub fn culprit(e: &Expr, case: &Case) -> String {
    // Descend through and/or/not to the comparison that cannot hold.
    fn find<'a>(e: &'a Expr, want_true: bool, case: &Case) -> &'a Expr {
        match e {
            Expr::Not(x) => find(x, !want_true, case),
            Expr::Bin(BinOp::And, l, r) if want_true => {
                if !eval(l, case).can_be_true() {
                    find(l, true, case)
                } else {
                    find(r, true, case)
                }
            }
            Expr::Bin(BinOp::Or, l, _) if want_true => find(l, true, case),
            Expr::Bin(BinOp::Or, l, r) => {
                if eval(l, case).tf().1 {
                    find(r, false, case)
                } else {
                    find(l, false, case)
                }
            }
            Expr::Bin(BinOp::And, l, _) => find(l, false, case),
            _ => e,
        }
    }
    let part = find(e, true, case);
    let mut vars = Vec::new();
    collect(part, &mut vars);
    let mut why: Vec<String> = Vec::new();
    for v in vars {
        let s = match v {
            Leaf::Var(i) => {
                let info = &case.vars[i];
                format!("{} is {}–{}", info.id, fmt_num(info.min), fmt_num(info.max))
            }
            Leaf::Time(name) => format!(
                "{name} is at most the time limit {}",
                case.scenario.time_limit
            ),
            Leaf::Responder(i) => format!(
                "'{}' has probability {}",
                case.responders[i].0,
                fmt_num(case.responders[i].1)
            ),
        };
        if !why.contains(&s) {
            why.push(s);
        }
    }
    let text = render(part, case);
    if why.is_empty() {
        text
    } else {
        format!("{text} ({})", why.join(", "))
    }
}

enum Leaf {
    Var(usize),
    Time(&'static str),
    Responder(usize),
}

fn collect(e: &Expr, out: &mut Vec<Leaf>) {
    match e {
        Expr::Var(i) => out.push(Leaf::Var(*i)),
        Expr::Elapsed => out.push(Leaf::Time("elapsed")),
        Expr::TimeInState => out.push(Leaf::Time("time_in_state")),
        Expr::Call(Func::Responder, i, _) => out.push(Leaf::Responder(*i)),
        Expr::Neg(x) | Expr::Not(x) => collect(x, out),
        Expr::Bin(_, l, r) => {
            collect(l, out);
            collect(r, out);
        }
        _ => {}
    }
}

/// An expression back as text (with the case's names).
pub fn render(e: &Expr, case: &Case) -> String {
    match e {
        Expr::Num(v) => fmt_num(*v),
        Expr::Bool(b) => b.to_string(),
        Expr::Duration(s) => format_duration(*s),
        Expr::Var(i) => case.vars[*i].id.clone(),
        Expr::Elapsed => "elapsed".into(),
        Expr::TimeInState => "time_in_state".into(),
        Expr::Weight => "weight".into(),
        Expr::Call(f, i, secs) => {
            let (name, arg) = match f {
                Func::Done => ("given", &case.tags[*i]),
                Func::DoneWithin => ("given_within", &case.tags[*i]),
                Func::Count => ("count", &case.tags[*i]),
                Func::Total => ("total", &case.tags[*i]),
                Func::InState => ("in_state", &case.states[*i].id),
                Func::Responder => ("responder", &case.responders[*i].0),
                Func::Running => ("running", &case.tags[*i]),
                Func::Level => ("level", &case.tags[*i]),
                Func::Tripped => ("tripped", &case.guards[*i].id),
                Func::Held => ("held", &case.schedule[*i].id),
            };
            if *f == Func::DoneWithin {
                format!("{name}('{arg}', {})", format_duration(*secs))
            } else {
                format!("{name}('{arg}')")
            }
        }
        Expr::Neg(x) => format!("-{}", render(x, case)),
        Expr::Not(x) => format!("not {}", render(x, case)),
        Expr::Bin(op, l, r) => {
            let sym = match op {
                BinOp::Add => "+",
                BinOp::Sub => "-",
                BinOp::Mul => "*",
                BinOp::Div => "/",
                BinOp::Lt => "<",
                BinOp::Le => "<=",
                BinOp::Gt => ">",
                BinOp::Ge => ">=",
                BinOp::Eq => "==",
                BinOp::Ne => "!=",
                BinOp::And => "and",
                BinOp::Or => "or",
            };
            let wrap = |x: &Expr| match x {
                Expr::Bin(BinOp::And | BinOp::Or, ..) => format!("({})", render(x, case)),
                _ => render(x, case),
            };
            format!("{} {sym} {}", wrap(l), wrap(r))
        }
    }
}
