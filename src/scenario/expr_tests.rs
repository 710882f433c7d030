//! Tests of the condition language: lexing, parsing, type errors at their column, durations,
//! and that the evaluation form agrees with the expression.
use super::*;

struct R;
impl Resolver for R {
    fn variable(&self, n: &str) -> Option<usize> {
        ["map", "hr", "lactate"].iter().position(|v| *v == n)
    }
    fn tag(&self, n: &str) -> Option<usize> {
        ["norepinephrine", "antibiotic"]
            .iter()
            .position(|v| *v == n)
    }
    /// Here "antibiotic" stands for an action id: only "norepinephrine" is a drug.
    fn drug_tag(&self, n: &str) -> Option<usize> {
        (n == "norepinephrine").then_some(0)
    }
    fn state(&self, n: &str) -> Option<usize> {
        ["shock"].iter().position(|v| *v == n)
    }
    fn responder(&self, n: &str) -> Option<usize> {
        (n == "fluid").then_some(0)
    }
    fn variable_names(&self) -> Vec<String> {
        vec!["map".into(), "hr".into(), "lactate".into()]
    }
}

struct C {
    vars: [f64; 3],
    now: u64,
    ne_at: Option<u64>,
}
impl Context for C {
    fn var(&self, i: usize) -> f64 {
        self.vars[i]
    }
    fn now(&self) -> u64 {
        self.now
    }
    fn state_entered_at(&self) -> u64 {
        0
    }
    fn current_state(&self) -> usize {
        0
    }
    fn last_done(&self, tag: usize) -> Option<u64> {
        if tag == 0 { self.ne_at } else { None }
    }
    fn count(&self, _: usize) -> u32 {
        0
    }
    fn total(&self, _: usize) -> f64 {
        0.0
    }
    fn responder(&self, _: usize) -> bool {
        true
    }
    fn weight_kg(&self) -> f64 {
        70.0
    }
    /// Norepinephrine runs once it has been given.
    fn running(&self, tag: usize) -> bool {
        tag == 0 && self.ne_at.is_some()
    }
    fn level(&self, tag: usize) -> f64 {
        if tag == 0 && self.ne_at.is_some() {
            0.4
        } else {
            0.0
        }
    }
}

fn err(src: &str) -> (usize, String) {
    let e = parse_condition(src, &R).unwrap_err();
    (e.offset, e.message)
}

#[test]
fn the_design_example_parses_and_evaluates() {
    let e = parse_condition(
        r#"map < 65 and not given("norepinephrine") and elapsed > 20m"#,
        &R,
    )
    .unwrap();
    let mut c = C {
        vars: [60.0, 120.0, 4.0],
        now: 1201,
        ne_at: None,
    };
    assert!(e.truth(&c));
    c.now = 1200;
    assert!(!e.truth(&c), "exactly 20 minutes is not after 20 minutes");
    c.now = 5000;
    c.ne_at = Some(100);
    assert!(!e.truth(&c));
}

#[test]
fn arithmetic_binds_tighter_than_comparison() {
    let e = parse_condition("map - 2 * 5 >= 50 or lactate / 2 > 3", &R).unwrap();
    let c = C {
        vars: [60.0, 0.0, 4.0],
        now: 0,
        ne_at: None,
    };
    assert!(e.truth(&c));
}

#[test]
fn a_condition_anchored_on_a_state_names_it() {
    let gated = parse_condition("map < 65 and (in_state('shock') and hr > 100)", &R).unwrap();
    assert_eq!(gated.required_state(), Some(0));
    let open = parse_condition("in_state('shock') or map < 65", &R).unwrap();
    assert_eq!(open.required_state(), None);
    assert_eq!(
        parse_condition("not in_state('shock')", &R)
            .unwrap()
            .required_state(),
        None
    );
}

#[test]
fn weight_scales_per_kilogram_targets() {
    let e = parse_condition("lactate * 1000 >= 30 * weight", &R).unwrap();
    let mut c = C {
        vars: [0.0, 0.0, 2.1],
        now: 0,
        ne_at: None,
    };
    assert!(e.truth(&c));
    c.vars[2] = 2.09;
    assert!(!e.truth(&c));
}

#[test]
fn running_asks_about_a_drug_and_nothing_else() {
    let e = parse_condition(r#"running("norepinephrine") and map < 65"#, &R).unwrap();
    let mut c = C {
        vars: [60.0, 100.0, 2.0],
        now: 600,
        ne_at: None,
    };
    assert!(!e.truth(&c));
    assert!(!Cond::new(&e).truth(&c));
    c.ne_at = Some(300);
    assert!(e.truth(&c));
    assert!(Cond::new(&e).truth(&c));
    assert_eq!(
        err(r#"running("antibiotic")"#),
        (
            8,
            "'antibiotic' is not a drug or drug class of this case (running(...) asks whether an infusion of it is running)".into()
        )
    );
}

#[test]
fn given_within_looks_back_from_now() {
    let e = parse_condition(r#"given_within("norepinephrine", 30m)"#, &R).unwrap();
    let mut c = C {
        vars: [0.0; 3],
        now: 1800 + 100,
        ne_at: Some(100),
    };
    assert!(e.truth(&c));
    c.now += 1;
    assert!(!e.truth(&c));
}

#[test]
fn errors_point_at_the_offending_token() {
    assert_eq!(err("mapp < 65").0, 0);
    assert!(err("mapp < 65").1.starts_with("unknown variable 'mapp'"));
    assert_eq!(err(r#"map < 65 and given("noradrenaline")"#).0, 19);
    assert_eq!(err("map < 20m").0, 4);
    assert_eq!(
        err("map < 20m").1,
        "cannot compare a number with a duration"
    );
    assert_eq!(
        err("map").1,
        "a condition must be true or false, but this is a number"
    );
    assert_eq!(err("map < 65 hr > 2").0, 9);
    assert_eq!(
        err("map < ").1,
        "the expression ends too early: a value was expected"
    );
    assert_eq!(err("elapsed > 20mq").0, 10);
    assert_eq!(
        err("elapsed > 20").1,
        "cannot compare a duration with a number"
    );
    assert_eq!(err("map < 65 & hr").0, 9);
    assert_eq!(err(r#"in_state("shok")"#).1, "unknown state 'shok'");
    assert_eq!(err("map and hr > 1").0, 4);
}

#[test]
fn a_prepared_condition_answers_as_its_expression() {
    let sources = [
        r#"map < 65 and not given("norepinephrine") and elapsed > 20m"#,
        "map - 2 * 5 >= 50 or lactate / 2 > 3",
        "map < 65 and (in_state('shock') and hr > 100) or not (lactate >= 2 or hr != 120)",
        "lactate * 1000 >= 30 * weight and -map <= -60",
        r#"given_within("norepinephrine", 30m) == (map == 60) and count("antibiotic") == 0"#,
        r#"total("antibiotic") + count("norepinephrine") < 1 and responder("fluid")"#,
        "time_in_state >= 0s and true != false and not false",
        "(hr > 100) == (map < 65) or (map < 65) != (lactate > 3)",
        "map <= 60 or hr >= 90 and lactate == 4 and map != 65 or hr < 61 or map > 64.9",
    ];
    // A hand-built tree the type checker would refuse still evaluates the same way.
    let unchecked = Expr::Bin(
        BinOp::And,
        Box::new(Expr::Call(Func::Count, 0, 0)),
        Box::new(Expr::Bin(
            BinOp::Lt,
            Box::new(Expr::Call(Func::Done, 0, 0)),
            Box::new(Expr::Bin(
                BinOp::Add,
                Box::new(Expr::Var(0)),
                Box::new(Expr::Neg(Box::new(Expr::Num(f64::NAN)))),
            )),
        )),
    );
    let mut exprs: Vec<Expr> = sources
        .iter()
        .map(|s| parse_condition(s, &R).unwrap())
        .collect();
    exprs.push(unchecked);
    for e in &exprs {
        let c = Cond::new(e);
        for map in [0.0, 59.5, 60.0, 64.9, 65.0, 120.0, f64::NAN] {
            for lactate in [0.0, 2.1, 4.0, 6.5] {
                for now in [0, 1199, 1200, 1201, 5000] {
                    for ne_at in [None, Some(0), Some(100), Some(1000)] {
                        let ctx = C {
                            vars: [map, 120.0 - map / 2.0, lactate],
                            now,
                            ne_at,
                        };
                        assert_eq!(c.truth(&ctx), e.truth(&ctx), "{e:?} at {map} {now}");
                    }
                }
            }
        }
    }
}

#[test]
fn a_condition_too_long_or_too_deep_is_refused_not_a_crash() {
    // Nested far deeper than anyone writes: refused where the limit is passed.
    let deep = format!("{}map < 1{}", "(".repeat(10_000), ")".repeat(10_000));
    let (at, message) = err(&deep);
    assert_eq!(at, MAX_CONDITION_TOKENS);
    assert!(
        message.starts_with("this condition is longer than 200"),
        "{message}"
    );
    let long = format!("map{} > 1", " + map".repeat(100_000));
    assert!(parse_condition(&long, &R).is_err());
    // Up to the limit, nesting parses and evaluates.
    let n = (MAX_CONDITION_TOKENS - 3) / 2;
    let ok = format!("{}map < 1{}", "(".repeat(n), ")".repeat(n));
    let e = parse_condition(&ok, &R).unwrap();
    let ctx = C {
        vars: [0.0, 0.0, 0.0],
        now: 0,
        ne_at: None,
    };
    assert!(e.truth(&ctx) && Cond::new(&e).truth(&ctx));
}

#[test]
fn durations_parse_and_format() {
    assert_eq!(parse_duration("1h30m"), Some(5400));
    assert_eq!(parse_duration("45s"), Some(45));
    assert_eq!(parse_duration("2d"), Some(172_800));
    assert_eq!(parse_duration("30"), None);
    assert_eq!(parse_duration("m"), None);
    assert_eq!(parse_duration("5x"), None);
    assert_eq!(parse_duration("366d"), Some(MAX_DURATION));
    assert_eq!(parse_duration("366d1s"), None);
    assert_eq!(parse_duration("18446744073709551615s"), None);
    assert_eq!(format_duration(5400), "1h30m");
    assert_eq!(format_duration(61), "1m1s");
}
