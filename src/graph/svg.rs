//! A self-made layered drawing of a case graph as SVG: states in rows by their distance from
//! the initial state, transitions as curves labelled with their conditions, end states coloured
//! by outcome, and each golden path as a coloured trail with a legend.
//!
//! A Sugiyama-style layout cut down to what case graphs need (tens of states): layers by
//! breadth-first depth, one barycentre pass to reduce crossings, back and same-row edges routed
//! around the right-hand side. Text widths are estimated, so labels are kept short and the full
//! condition is in each edge's tooltip.

use std::fmt::Write as _;

use super::{CaseGraph, outcome_colour};

const LAYER_GAP: f64 = 150.0;
const NODE_GAP: f64 = 150.0;
const MARGIN: f64 = 40.0;
const CHAR_W: f64 = 7.0;
const LABEL_CHARS: usize = 36;
const PATH_COLOURS: [&str; 10] = [
    "#1e88e5", "#8e24aa", "#f4511e", "#00897b", "#6d4c41", "#c0ca33", "#d81b60", "#3949ab",
    "#fb8c00", "#546e7a",
];

struct Placed {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// Escapes text for XML content and attribute values ([`crate::escape::html`], shared with the
/// reports so that hidden characters are shown the same way everywhere).
use crate::escape::html as esc;

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// Layer of each node: breadth-first depth from the initial state; nodes not reached at all go
/// in a row of their own at the bottom.
fn layers(g: &CaseGraph) -> Vec<usize> {
    let n = g.nodes.len();
    let mut layer = vec![usize::MAX; n];
    let start = g.nodes.iter().position(|x| x.initial).unwrap_or(0);
    if n == 0 {
        return layer;
    }
    layer[start] = 0;
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(s) = queue.pop_front() {
        for e in g.edges.iter().filter(|e| e.from == s) {
            if layer[e.to] == usize::MAX {
                layer[e.to] = layer[s] + 1;
                queue.push_back(e.to);
            }
        }
    }
    let deepest = layer.iter().filter(|l| **l != usize::MAX).max().copied();
    for l in layer.iter_mut().filter(|l| **l == usize::MAX) {
        *l = deepest.map_or(0, |d| d + 1);
    }
    layer
}

fn node_lines(g: &CaseGraph, i: usize) -> (String, String) {
    (g.nodes[i].id.clone(), g.node_note(i).join(", "))
}

fn place(g: &CaseGraph) -> (Vec<Placed>, f64, f64) {
    let layer = layers(g);
    let rows = layer.iter().max().map_or(0, |m| m + 1);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); rows];
    for (i, l) in layer.iter().enumerate() {
        order[*l].push(i);
    }
    let size = |i: usize| {
        let (a, b) = node_lines(g, i);
        let chars = a.chars().count().max(b.chars().count()) as f64;
        let h = if b.is_empty() { 34.0 } else { 48.0 };
        (chars * CHAR_W + 28.0, h)
    };
    // One barycentre pass: order each row by the mean position of its predecessors above.
    let mut pos = vec![0.0; g.nodes.len()];
    for row in order.iter_mut() {
        let mut keyed: Vec<(f64, usize)> = row
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let preds: Vec<f64> = g
                    .edges
                    .iter()
                    .filter(|e| e.to == i && layer[e.from] < layer[i])
                    .map(|e| pos[e.from])
                    .collect();
                let key = if preds.is_empty() {
                    k as f64
                } else {
                    preds.iter().sum::<f64>() / preds.len() as f64
                };
                (key, i)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        *row = keyed.into_iter().map(|(_, i)| i).collect();
        for (k, &i) in row.iter().enumerate() {
            pos[i] = k as f64 - (row.len() as f64 - 1.0) / 2.0;
        }
    }
    let row_width = |row: &Vec<usize>| -> f64 {
        row.iter().map(|&i| size(i).0).sum::<f64>() + NODE_GAP * (row.len().max(1) - 1) as f64
    };
    let widest = order.iter().map(row_width).fold(0.0, f64::max);
    // Room on the right for edges routed around the rows.
    let width = widest + 2.0 * MARGIN + 160.0;
    let mut placed: Vec<Placed> = (0..g.nodes.len())
        .map(|_| Placed {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        })
        .collect();
    for (r, row) in order.iter().enumerate() {
        let mut x = MARGIN + (widest - row_width(row)) / 2.0;
        for &i in row {
            let (w, h) = size(i);
            placed[i] = Placed {
                x: x + w / 2.0,
                y: MARGIN + 30.0 + r as f64 * LAYER_GAP + 24.0,
                w,
                h,
            };
            x += w + NODE_GAP;
        }
    }
    let height = MARGIN + 30.0 + rows as f64 * LAYER_GAP;
    (placed, width, height)
}

/// The cubic curve of an edge: (start, control 1, control 2, end).
type Curve = [(f64, f64); 4];

fn curve(a: &Placed, b: &Placed, bend: f64, right_edge: f64) -> Curve {
    if b.y > a.y {
        let (p0, p3) = ((a.x, a.y + a.h / 2.0), (b.x, b.y - b.h / 2.0));
        let dy = (p3.1 - p0.1) / 2.0;
        [p0, (p0.0, p0.1 + dy), (p3.0, p3.1 - dy), p3]
    } else if b.y == a.y && !std::ptr::eq(a, b) {
        // Same row: from the facing sides, arching above the row.
        let dir = if b.x > a.x { 1.0 } else { -1.0 };
        let p0 = (a.x + dir * a.w / 2.0, a.y - 6.0);
        let p3 = (b.x - dir * b.w / 2.0, b.y - 6.0);
        let lift = 30.0 + bend / 2.0;
        [p0, (p0.0, p0.1 - lift), (p3.0, p3.1 - lift), p3]
    } else {
        // Back and self edges go round the right-hand side.
        let p0 = (a.x + a.w / 2.0, a.y);
        let p3 = (
            b.x + b.w / 2.0,
            b.y + if std::ptr::eq(a, b) { 10.0 } else { 0.0 },
        );
        let out = right_edge.max(p0.0.max(p3.0)) + 40.0 + bend;
        [p0, (out, p0.1), (out, p3.1), p3]
    }
}

fn path_d(c: &Curve, dx: f64) -> String {
    format!(
        "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
        c[0].0 + dx,
        c[0].1,
        c[1].0 + dx,
        c[1].1,
        c[2].0 + dx,
        c[2].1,
        c[3].0 + dx,
        c[3].1
    )
}

fn midpoint(c: &Curve) -> (f64, f64) {
    (
        (c[0].0 + 3.0 * c[1].0 + 3.0 * c[2].0 + c[3].0) / 8.0,
        (c[0].1 + 3.0 * c[1].1 + 3.0 * c[2].1 + c[3].1) / 8.0,
    )
}

/// Draws the graph as a standalone SVG document.
pub fn to_svg(g: &CaseGraph) -> String {
    let (placed, width, graph_h) = place(g);
    let legend_h = 24.0 + 20.0 * g.paths.len() as f64;
    let height = graph_h + legend_h + MARGIN;
    let right_edge = placed.iter().map(|p| p.x + p.w / 2.0).fold(0.0, f64::max);
    let mut s = String::new();
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">"#,
        w = width,
        h = height
    );
    let _ = writeln!(s, "<title>{}</title>", esc(&g.case_id));
    s += r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>
"##;
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{width:.0}" height="{height:.0}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        s,
        r##"<text x="{MARGIN}" y="{:.0}" font-size="16" font-weight="bold" fill="#222">{}</text>"##,
        MARGIN,
        esc(&g.case_id)
    );
    // Curves, with a bend per back edge so that they do not sit on top of each other.
    let mut bend = 0.0;
    let curves: Vec<Curve> = g
        .edges
        .iter()
        .map(|e| {
            let (a, b) = (&placed[e.from], &placed[e.to]);
            if b.y <= a.y {
                bend += 22.0;
            }
            curve(a, b, bend, right_edge)
        })
        .collect();
    // Golden-path trails under the edges.
    for (k, p) in g.paths.iter().enumerate() {
        let colour = PATH_COLOURS[k % PATH_COLOURS.len()];
        let dx = (k as f64 + 1.0) * 4.0 - 2.0 * g.paths.len() as f64;
        let _ = writeln!(s, r#"<g class="path" data-path="{}">"#, esc(&p.id));
        for (e, c) in g.edges.iter().zip(&curves) {
            if p.takes(e.from, e.to) {
                let _ = writeln!(
                    s,
                    r#"<path d="{}" fill="none" stroke="{colour}" stroke-width="5" stroke-opacity="0.45"/>"#,
                    path_d(c, dx)
                );
            }
        }
        s += "</g>\n";
    }
    let mut taken: Vec<(f64, f64, f64)> = Vec::new();
    for (e, c) in g.edges.iter().zip(&curves) {
        let (stroke, dash) = if e.possible {
            ("#444", "")
        } else {
            ("#999", r#" stroke-dasharray="5,4""#)
        };
        let _ = writeln!(
            s,
            r#"<g class="edge"><title>{} → {}: {}</title><path d="{}" fill="none" stroke="{stroke}" stroke-width="1.4"{dash} marker-end="url(#arrow)"/>"#,
            esc(&g.nodes[e.from].id),
            esc(&g.nodes[e.to].id),
            esc(&e.when),
            path_d(c, 0.0)
        );
        let label = truncate(&e.when, LABEL_CHARS);
        let (mx, mut my) = midpoint(c);
        let w = label.chars().count() as f64 * 6.0 + 8.0;
        // Move a label down until it clears the labels already placed.
        while taken.iter().any(|(x, y, tw): &(f64, f64, f64)| {
            (x - mx).abs() < (w + tw) / 2.0 && (y - my).abs() < 16.0
        }) {
            my += 16.0;
        }
        taken.push((mx, my, w));
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="15" rx="3" fill="#ffffff" fill-opacity="0.85"/><text x="{mx:.1}" y="{:.1}" text-anchor="middle" font-size="10" fill="#333">{}</text></g>"##,
            mx - w / 2.0,
            my - 10.0,
            my + 1.0,
            esc(&label)
        );
    }
    for (i, (n, p)) in g.nodes.iter().zip(&placed).enumerate() {
        let (stroke, sw) = match n.end {
            Some(o) => (outcome_colour(o), 2.5),
            None if n.initial => ("#222", 2.5),
            None => ("#555", 1.2),
        };
        let dash = if n.reachable {
            ""
        } else {
            r#" stroke-dasharray="4,3""#
        };
        let _ = writeln!(
            s,
            r#"<g class="state" data-state="{}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="10" fill="{}" stroke="{stroke}" stroke-width="{sw}"{dash}/>"#,
            esc(&n.id),
            p.x - p.w / 2.0,
            p.y - p.h / 2.0,
            p.w,
            p.h,
            if n.end.is_some() {
                "#f7f7f7"
            } else {
                "#ffffff"
            }
        );
        if n.end.is_some() {
            let _ = writeln!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="none" stroke="{stroke}" stroke-width="1"/>"#,
                p.x - p.w / 2.0 + 3.0,
                p.y - p.h / 2.0 + 3.0,
                p.w - 6.0,
                p.h - 6.0
            );
        }
        let (title, note) = node_lines(g, i);
        let ty = if note.is_empty() {
            p.y + 4.0
        } else {
            p.y - 3.0
        };
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{ty:.1}" text-anchor="middle" font-weight="bold" fill="#111">{}</text>"##,
            p.x,
            esc(&title)
        );
        if !note.is_empty() {
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="10" fill="#555">{}</text>"##,
                p.x,
                p.y + 13.0,
                esc(&note)
            );
        }
        // A dot per golden path that visits the state.
        for (k, path) in g.paths.iter().enumerate() {
            if path.states.contains(&i) {
                let _ = writeln!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{}"><title>{}</title></circle>"#,
                    p.x - p.w / 2.0 + 8.0 + k as f64 * 10.0,
                    p.y - p.h / 2.0,
                    PATH_COLOURS[k % PATH_COLOURS.len()],
                    esc(&path.id)
                );
            }
        }
        s += "</g>\n";
    }
    // Legend: one line per golden path.
    let mut y = graph_h + 10.0;
    if !g.paths.is_empty() {
        let _ = writeln!(
            s,
            r##"<text x="{MARGIN}" y="{y:.0}" font-weight="bold" fill="#222">Golden paths</text>"##
        );
    }
    for (k, p) in g.paths.iter().enumerate() {
        y += 20.0;
        let _ = writeln!(
            s,
            r##"<g class="legend"><rect x="{MARGIN}" y="{:.0}" width="18" height="6" fill="{}" fill-opacity="0.7"/><text x="{:.0}" y="{y:.0}" fill="#222">{}: {}</text></g>"##,
            y - 7.0,
            PATH_COLOURS[k % PATH_COLOURS.len()],
            MARGIN + 26.0,
            esc(&p.id),
            esc(&g.route(p))
        );
    }
    s += "</svg>\n";
    s
}
