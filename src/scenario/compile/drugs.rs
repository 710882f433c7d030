//! Drugs: the library's, then the case's own (which override the library's by id), with units
//! parsed, kinetics rates derived and effects, responders and antagonism resolved.

use std::collections::BTreeMap;

use super::patient::Responders;
use super::tags::Tags;
use super::variables::VarTable;
use super::{Ctx, Source, duplicates, parse_unit};
use crate::scenario::case;
use crate::scenario::model::{Drug, DrugEffect, DrugLibrary, Scenario};
use crate::units::{Base, Dimension, Unit, convert};

/// A drug as written, with the file and the path it was written at.
pub(super) type Definition = (Source, String, Drug);

/// The case's drugs, compiled.
pub(super) struct Drugs {
    pub list: Vec<case::Drug>,
    pub index: BTreeMap<String, usize>,
}

/// The library's drugs, with the case's own in place of those they override and after them.
pub(super) fn definitions(s: &Scenario, library: &DrugLibrary, cx: &mut Ctx) -> Vec<Definition> {
    let mut defs: Vec<Definition> = library
        .drugs
        .iter()
        .enumerate()
        .map(|(i, d)| (Source::DrugLibrary, format!("drugs[{i}]"), d.clone()))
        .collect();
    let before = cx.problems.len();
    duplicates(
        library.drugs.iter().map(|d| d.id.as_str()),
        "drug",
        "drugs",
        "id",
        cx,
    );
    for p in &mut cx.problems[before..] {
        p.source = Source::DrugLibrary;
    }
    duplicates(
        s.drugs.iter().map(|d| d.id.as_str()),
        "drug",
        "drugs",
        "id",
        cx,
    );
    for (i, d) in s.drugs.iter().enumerate() {
        let entry = (Source::Scenario, format!("drugs[{i}]"), d.clone());
        match defs.iter().position(|(_, _, x)| x.id == d.id) {
            Some(j) => defs[j] = entry,
            None => defs.push(entry),
        }
    }
    defs
}

/// Compiles each definition; one whose unit is not a plain amount is left out.
pub(super) fn compile(
    defs: &[Definition],
    tags: &Tags,
    vars: &VarTable,
    responders: &Responders,
    cx: &mut Ctx,
) -> Drugs {
    let refs = Refs {
        tags,
        vars,
        responders,
    };
    let mut list = Vec::new();
    for (k, (def, dtags)) in defs.iter().zip(&tags.drugs).enumerate() {
        if let Some(mut drug) = compile_one(def, dtags, &refs, cx) {
            drug.products = products(def, &drug.unit, k, tags, cx);
            list.push(drug);
        }
    }
    let index = list
        .iter()
        .enumerate()
        .map(|(i, d): (usize, &case::Drug)| (d.def.id.clone(), i))
        .collect();
    Drugs { list, index }
}

/// What a drug's effects and antagonism refer to.
struct Refs<'a> {
    tags: &'a Tags,
    vars: &'a VarTable,
    responders: &'a Responders,
}

fn compile_one(
    (src, p, d): &Definition,
    dtags: &[usize],
    refs: &Refs,
    cx: &mut Ctx,
) -> Option<case::Drug> {
    let (src, tags) = (*src, refs.tags);
    cx.msg(src, format!("{p}.name"), &d.name);
    let unit = match parse_unit(&d.unit) {
        Ok(u) if !u.dim.per_kg && !u.dim.per_time => u,
        Ok(_) => {
            cx.err_in(
                src,
                format!("{p}.unit"),
                format!(
                    "a drug's unit is a plain amount such as mg or mL, not '{}'",
                    d.unit
                ),
            );
            return None;
        }
        Err(m) => {
            cx.err_in(src, format!("{p}.unit"), m);
            return None;
        }
    };
    if d.half_life.secs() == 0 {
        cx.err_in(
            src,
            format!("{p}.half_life"),
            "half_life must be longer than 0s".into(),
        );
    }
    if d.onset.is_empty() {
        cx.err_in(
            src,
            format!("{p}.onset"),
            "give an onset for at least one route".into(),
        );
    }
    let ln2 = std::f64::consts::LN_2;
    let ka = d
        .onset
        .iter()
        .map(|(r, t)| {
            (
                *r,
                if t.secs() == 0 {
                    f64::INFINITY
                } else {
                    ln2 / t.secs() as f64
                },
            )
        })
        .collect();
    let effects = compile_effects(&d.effects, src, &format!("{p}.effects"), refs, cx);
    let toxicity = d.toxicity.as_ref().map(|t| {
        if !(t.above >= 0.0) {
            cx.err_in(
                src,
                format!("{p}.toxicity.above"),
                "above must be 0 or more (an amount in the body per kg)".into(),
            );
        }
        if t.effects.is_empty() {
            cx.err_in(
                src,
                format!("{p}.toxicity.effects"),
                "say what the excess does: at least one effect".into(),
            );
        }
        (
            t.above,
            compile_effects(&t.effects, src, &format!("{p}.toxicity.effects"), refs, cx),
        )
    });
    let mut antagonizes = Vec::new();
    for (j, a) in d.antagonizes.iter().enumerate() {
        match tags.index.get(&a.class) {
            Some(&t) => antagonizes.push((t, a.max_block, a.ic50)),
            None => cx.err_in(
                src,
                format!("{p}.antagonizes[{j}].class"),
                format!("no drug has class '{}'", a.class),
            ),
        }
        if !(0.0..=1.0).contains(&a.max_block) || !(a.ic50 > 0.0) {
            cx.err_in(
                src,
                format!("{p}.antagonizes[{j}]"),
                "max_block must be 0–1 and ic50 greater than 0".into(),
            );
        }
    }
    if let Some(r) = &d.reference
        && let Err(m) = parse_unit(&r.unit).and_then(|u| {
            u.expect(
                Dimension {
                    per_kg: u.dim.per_kg,
                    per_time: u.dim.per_time,
                    ..unit.dim
                },
                &d.unit,
            )
            .map_err(|e| e.to_string())
        })
    {
        cx.err_in(src, format!("{p}.reference.unit"), m);
    }
    Some(case::Drug {
        def: d.clone(),
        unit,
        tags: dtags.to_vec(),
        ke: ln2 / d.half_life.secs().max(1) as f64,
        ka,
        effects,
        antagonizes,
        toxicity,
        products: Vec::new(),
    })
}

/// A drug's products, with each concentration in the drug's unit. A product id must name
/// nothing else (drug, class, action, an earlier product): conditions and criteria use it. A
/// product with a problem is kept (its concentration not a number), so that the actions giving
/// it do not report it missing as well: the case does not compile either way.
fn products(
    (src, p, d): &Definition,
    unit: &Unit,
    k: usize,
    tags: &Tags,
    cx: &mut Ctx,
) -> Vec<case::Product> {
    let src = *src;
    let mut out = Vec::new();
    // The product tags of the definitions before this one: an id used there is taken.
    let earlier: Vec<usize> = tags.products[..k].iter().flatten().copied().collect();
    for (j, (pr, &tag)) in d.products.iter().zip(&tags.products[k]).enumerate() {
        let pp = format!("{p}.products[{j}]");
        cx.msg(src, format!("{pp}.name"), &pr.name);
        let taken = tags.drugs.iter().any(|t| t.contains(&tag)) || tags.actions.contains(&tag);
        let twice = earlier.contains(&tag) || tags.products[k][..j].contains(&tag);
        if taken || twice {
            cx.err_in(
                src,
                format!("{pp}.id"),
                format!(
                    "product id '{}' is already used by {}: product ids must be unique among the drugs, classes, actions and products of the library and the case",
                    pr.id,
                    if taken {
                        "a drug, class or action"
                    } else {
                        "another product"
                    }
                ),
            );
        }
        let per_ml = per_ml(src, &pp, d, unit, &pr.per_ml, cx).unwrap_or(f64::NAN);
        out.push(case::Product {
            id: pr.id.clone(),
            name: pr.name.clone(),
            per_ml,
            tag,
        });
    }
    out
}

/// A product's `per_ml` in the drug's unit: a positive, finite amount of the drug's kind in a
/// plain unit, for a drug not kept in a volume. `None` (and the problem noted) otherwise.
fn per_ml(
    src: Source,
    pp: &str,
    d: &Drug,
    unit: &Unit,
    (v, u): &(f64, String),
    cx: &mut Ctx,
) -> Option<f64> {
    let at = format!("{pp}.per_ml");
    if unit.dim.base == Base::Volume {
        cx.err_in(
            src,
            at,
            format!(
                "{} is kept in {}, a volume: a product's concentration is an amount per mL (make each fluid a drug of its own)",
                d.id, unit.text
            ),
        );
        return None;
    }
    let x = match Unit::parse(u) {
        Ok(pu) if !pu.dim.per_kg && !pu.dim.per_time && pu.dim.base == unit.dim.base => {
            convert(*v, &pu, unit).unwrap_or(f64::NAN)
        }
        Ok(_) => {
            cx.err_in(
                src,
                at,
                format!(
                    "per_ml is an amount of {} in one mL, in a plain unit of its kind such as {} (not '{u}')",
                    d.id, unit.text
                ),
            );
            return None;
        }
        Err(e) => {
            cx.err_in(src, at, e.to_string());
            return None;
        }
    };
    if !(v.is_finite() && *v > 0.0 && x.is_finite() && x > 0.0) {
        cx.err_in(
            src,
            at,
            format!("per_ml must be a number greater than 0 (got {v} {u})"),
        );
        return None;
    }
    Some(x)
}

/// Emax effects at path `ep` (`….effects`), with their variables and responders resolved.
fn compile_effects(
    list: &[DrugEffect],
    src: Source,
    ep: &str,
    refs: &Refs,
    cx: &mut Ctx,
) -> Vec<case::DrugEffect> {
    let Refs {
        vars, responders, ..
    } = refs;
    let mut effects = Vec::new();
    for (j, e) in list.iter().enumerate() {
        let ep = format!("{ep}[{j}]");
        let Some(var) = vars.index.get(&e.var).copied() else {
            cx.err_in(
                src,
                format!("{ep}.var"),
                format!("unknown variable '{}'", e.var),
            );
            continue;
        };
        if vars.list[var].derived {
            cx.err_in(
                src,
                format!("{ep}.var"),
                format!(
                    "'{}' is derived from sbp and dbp: act on those instead",
                    e.var
                ),
            );
        }
        if !(e.ec50 > 0.0) {
            cx.err_in(
                src,
                format!("{ep}.ec50"),
                "ec50 must be greater than 0".into(),
            );
        }
        let responder = match &e.responder {
            None => None,
            Some(r) => match responders.index.get(r) {
                Some(i) => Some(*i),
                // A library drug may name a trait this case does not declare: full effect.
                None if src == Source::DrugLibrary => None,
                None => {
                    cx.err_in(
                        src,
                        format!("{ep}.responder"),
                        format!("unknown responder '{r}'"),
                    );
                    None
                }
            },
        };
        effects.push(case::DrugEffect {
            var,
            emax: e.emax,
            ec50: e.ec50,
            responder,
        });
    }
    effects
}
