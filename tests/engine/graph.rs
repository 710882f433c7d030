//! `bedside graph`: the branch graph of a case as DOT and Mermaid (snapshots) and as the
//! program's own SVG (well-formed, every state drawn, every golden path in the legend).

use crate::support as common;

use bedside::graph::{CaseGraph, to_svg};

fn mini_graph() -> CaseGraph {
    CaseGraph::build(&common::mini_case())
}

#[test]
fn golden_paths_are_traced_through_the_states_they_visit() {
    let g = mini_graph();
    let routes: Vec<String> = g.paths.iter().map(|p| g.route(p)).collect();
    assert_eq!(
        routes,
        [
            "shocked → better → recovered (100%, passed)",
            "shocked (18%, failed)",
            "shocked → better → recovered (84%, passed)",
        ]
    );
}

#[test]
fn dot_output_of_the_fixture() {
    insta::assert_snapshot!("mini_graph_dot", mini_graph().to_dot());
}

#[test]
fn mermaid_output_of_the_fixture() {
    insta::assert_snapshot!("mini_graph_mermaid", mini_graph().to_mermaid());
}

/// A small well-formedness check: every tag closes in order, attributes are quoted, and `&` only
/// starts the five XML entities.
fn assert_well_formed(svg: &str) {
    let body = svg
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    let mut roots = 0;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        for (i, _) in text.match_indices('&') {
            let ent = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| ent.starts_with(e)),
                "bare & in text: {}",
                &ent[..ent.len().min(20)]
            );
        }
        assert!(!text.contains('>'), "stray > in text {text:?}");
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "< inside a tag: {tag}");
        assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap().to_string();
            if stack.is_empty() {
                roots += 1;
            }
            stack.push(name);
        } else if stack.is_empty() {
            roots += 1;
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1, "one root element");
    assert!(rest.trim().is_empty());
}

#[test]
fn svg_is_well_formed_and_draws_every_state_and_path() {
    for dir in [
        "tests/fixtures/mini",
        "scenarios/icu-sepsis",
        "scenarios/geri-delirium",
        "scenarios/pain-opioid-renal",
    ] {
        let loaded = common::load(&common::root().join(dir));
        let g = CaseGraph::build(&loaded.case);
        let svg = to_svg(&g);
        assert_well_formed(&svg);
        assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        for s in &loaded.case.scenario.states {
            assert!(
                svg.contains(&format!("data-state=\"{}\"", s.id)),
                "{dir}: state {} missing",
                s.id
            );
        }
        assert_eq!(
            svg.matches("<g class=\"edge\">").count(),
            g.edges.len(),
            "{dir}: one drawing per transition"
        );
        for p in &loaded.case.scenario.golden_paths {
            assert!(
                svg.contains(&format!("data-path=\"{}\"", p.id)),
                "{dir}: path {}",
                p.id
            );
        }
    }
}

#[test]
fn conditions_are_escaped_in_svg() {
    let g = mini_graph();
    let svg = to_svg(&g);
    assert!(svg.contains("map &lt; 50 and elapsed &gt; 20m"));
    assert!(svg.contains("given(&apos;norepinephrine&apos;)"));
}

#[test]
fn the_graph_command_writes_each_format() {
    let out = common::tempdir("graph-cli");
    for format in ["dot", "mermaid", "svg"] {
        let file = out.join(format!("mini.{format}"));
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_bedside"))
            .args([
                "graph",
                "tests/fixtures/mini",
                "--format",
                format,
                "-o",
                file.to_str().unwrap(),
            ])
            .current_dir(common::root())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{o:?}");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("shocked"), "{format}");
    }
}
