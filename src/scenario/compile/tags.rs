//! Tags: the names a case's history answers to (`given(..)`, `count(..)`, the rubric's `what`):
//! every drug id, every drug class, every action id and every product id, each given an index
//! once.

use std::collections::BTreeMap;

use super::drugs::Definition;
use crate::scenario::model::Scenario;

/// The case's tags.
pub(super) struct Tags {
    /// Tag names, in index order.
    pub names: Vec<String>,
    pub index: BTreeMap<String, usize>,
    /// Per drug definition, its tags: its id, then its classes.
    pub drugs: Vec<Vec<usize>>,
    /// Per action, its own tag.
    pub actions: Vec<usize>,
    /// Per drug definition, the tags of its products (after every other tag).
    pub products: Vec<Vec<usize>>,
}

/// Tags for the drugs (their ids, then their classes) and then the actions, in that order.
pub(super) fn assign(defs: &[Definition], s: &Scenario) -> Tags {
    let mut names: Vec<String> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut tag = |name: &str| -> usize {
        if let Some(&i) = index.get(name) {
            return i;
        }
        names.push(name.to_string());
        index.insert(name.to_string(), names.len() - 1);
        names.len() - 1
    };
    let drugs = defs
        .iter()
        .map(|(_, _, d)| {
            let mut t = vec![tag(&d.id)];
            // A class named as the drug itself (`glucose` of class `glucose`, `oxygen` of class
            // `oxygen`) is one tag, not two: twice over, every dose of it counted twice in
            // `total` and `count`.
            for c in &d.classes {
                let c = tag(c);
                if !t.contains(&c) {
                    t.push(c);
                }
            }
            t
        })
        .collect();
    let actions = s.actions.iter().map(|a| tag(&a.id)).collect();
    // Products last, so that a case without them keeps every tag's index.
    let products = defs
        .iter()
        .map(|(_, _, d)| d.products.iter().map(|p| tag(&p.id)).collect())
        .collect();
    Tags {
        names,
        index,
        drugs,
        actions,
        products,
    }
}
