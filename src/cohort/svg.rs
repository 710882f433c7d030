//! Inline SVG charts for the cohort report: a score histogram and a per-session vitals timeline
//! with the trainee's decisions marked. Written by hand: two chart types do not justify a
//! plotting crate, and every string that reaches the markup goes through [`esc`].

use std::fmt::Write;

/// Escapes text for HTML and SVG (the one HTML escaper, [`crate::escape::html`]).
pub use crate::escape::html as esc;

/// Texts the histogram needs, already localised.
pub struct HistogramLabels {
    pub title: String,
    pub x_axis: String,
    pub y_axis: String,
    /// "pass mark N%" per distinct pass mark.
    pub pass_marks: Vec<(u32, String)>,
}

/// A histogram of percentages in ten bins (0–9, …, 90–100).
pub fn histogram(percents: &[u32], labels: &HistogramLabels) -> String {
    let mut bins = [0usize; 10];
    for &p in percents {
        bins[bin(p)] += 1;
    }
    histogram_bins(&bins, labels)
}

/// The bin of a percentage in [`histogram`].
pub fn bin(percent: u32) -> usize {
    (percent.min(100) / 10).min(9) as usize
}

/// [`histogram`] from counts already binned (a cohort report of any size counts as it goes).
pub fn histogram_bins(bins: &[usize; 10], labels: &HistogramLabels) -> String {
    let max = bins.iter().copied().max().unwrap_or(0).max(1);
    let (w, h) = (720.0, 260.0);
    let (left, right, top, bottom) = (56.0, 16.0, 16.0, 48.0);
    let pw = w - left - right;
    let ph = h - top - bottom;
    let bw = pw / 10.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        esc(&labels.title)
    );
    // Horizontal grid with counts.
    let step = (max as f64 / 4.0).ceil().max(1.0) as usize;
    let mut k = 0;
    while k <= max {
        let y = top + ph - ph * k as f64 / max as f64;
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" text-anchor="end" class="tick">{k}</text>"##,
            left + pw,
            left - 6.0,
            y + 4.0
        );
        k += step;
    }
    for (i, &n) in bins.iter().enumerate() {
        let x = left + bw * i as f64;
        let bh = ph * n as f64 / max as f64;
        let y = top + ph - bh;
        let range = if i == 9 {
            "90–100".to_string()
        } else {
            format!("{}–{}", i * 10, i * 10 + 9)
        };
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{y:.1}" width="{:.1}" height="{bh:.1}" fill="#4a78b5"><title>{range}%: {n}</title></rect>"##,
            x + 3.0,
            bw - 6.0
        );
        if n > 0 {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="count">{n}</text>"#,
                x + bw / 2.0,
                y - 4.0
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="tick">{range}</text>"#,
            x + bw / 2.0,
            top + ph + 16.0
        );
    }
    for (pm, text) in &labels.pass_marks {
        let x = left + pw * f64::from((*pm).min(100)) / 100.0;
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" x2="{x:.1}" y1="{top}" y2="{:.1}" stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4"/><text x="{:.1}" y="{:.1}" class="mark">{}</text>"##,
            top + ph,
            x + 4.0,
            top + 12.0,
            esc(text)
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{left}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#333"/><text x="{:.1}" y="{:.1}" text-anchor="middle" class="axis">{}</text><text transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle" class="axis">{}</text></svg>"##,
        left + pw,
        top + ph,
        top + ph,
        left + pw / 2.0,
        h - 8.0,
        esc(&labels.x_axis),
        top + ph / 2.0,
        esc(&labels.y_axis)
    );
    s
}

/// One vital sign's course.
pub struct Series {
    /// Localised name, and unit.
    pub label: String,
    pub unit: String,
    /// (simulated seconds, value).
    pub points: Vec<(u64, f32)>,
    /// Alarm limits, drawn as a shaded normal band when both are known.
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// A mark on the timeline: a decision (numbered) or a state change.
pub struct Mark {
    pub t: u64,
    /// Short text on the marker (the decision's number).
    pub tag: String,
    /// Tooltip text.
    pub text: String,
    pub decision: bool,
}

/// Stacked panels, one per vital sign, sharing a time axis (minutes, or hours past six); decisions are numbered
/// markers with dashed lines through every panel.
pub fn timeline(
    series: &[Series],
    marks: &[Mark],
    end: u64,
    title: &str,
    (x_axis, x_axis_hours): (&str, &str),
) -> String {
    let end = end.max(60);
    let (w, left, right) = (900.0, 190.0, 24.0);
    // Decisions close in time go on separate rows of markers, so their numbers stay readable.
    let lanes = stagger(marks, end, w - left - right);
    let rows = lanes.iter().copied().max().map_or(1, |m| m + 1);
    let top = 12.0 + 18.0 * rows as f64;
    let panel = 64.0;
    let gap = 10.0;
    let h = top + series.len() as f64 * (panel + gap) + 36.0;
    let pw = w - left - right;
    let x_of = |t: u64| left + pw * t as f64 / end as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart timeline" role="img" viewBox="0 0 {w} {h:.0}" width="{w}" height="{h:.0}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        esc(title)
    );
    for (i, se) in series.iter().enumerate() {
        let y0 = top + i as f64 * (panel + gap);
        let (mut lo, mut hi) = se
            .points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (_, v)| {
                (a.min(f64::from(*v)), b.max(f64::from(*v)))
            });
        if let (Some(l), Some(hh)) = (se.low, se.high) {
            lo = lo.min(l);
            hi = hi.max(hh);
        }
        if !lo.is_finite() || !hi.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        let pad = ((hi - lo) * 0.08).max(0.5);
        let (lo, hi) = (lo - pad, hi + pad);
        let y_of = |v: f64| y0 + panel - panel * (v - lo) / (hi - lo);
        let _ = write!(
            s,
            r##"<rect x="{left}" y="{y0:.1}" width="{pw}" height="{panel}" fill="#fafafa" stroke="#ccc"/>"##
        );
        if let (Some(l), Some(hh)) = (se.low, se.high) {
            let _ = write!(
                s,
                r##"<rect x="{left}" y="{:.1}" width="{pw}" height="{:.1}" fill="#e3f1e3"><title>{} – {}</title></rect>"##,
                y_of(hh),
                y_of(l) - y_of(hh),
                crate::units::fmt_num(l),
                crate::units::fmt_num(hh)
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" class="vital">{}</text><text x="{:.1}" y="{:.1}" text-anchor="end" class="tick">{}</text>"#,
            left - 44.0,
            y0 + panel / 2.0 - 2.0,
            wrap(&se.label, left - 44.0),
            left - 44.0,
            y0 + panel / 2.0 + 24.0,
            esc(&se.unit)
        );
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" class="tick">{}</text><text x="{:.1}" y="{:.1}" text-anchor="end" class="tick">{}</text>"#,
            left - 4.0,
            y0 + 9.0,
            crate::units::fmt_num((hi * 10.0).round() / 10.0),
            left - 4.0,
            y0 + panel,
            crate::units::fmt_num((lo * 10.0).round() / 10.0)
        );
        // Thin the line to at most ~450 points: a 900-pixel chart shows no more.
        let stride = se.points.len().div_ceil(450).max(1);
        let mut d = String::new();
        for (k, (t, v)) in se.points.iter().enumerate() {
            if k % stride != 0 && k + 1 != se.points.len() {
                continue;
            }
            let _ = write!(
                d,
                "{}{:.1},{:.1}",
                if d.is_empty() { "M" } else { "L" },
                x_of(*t),
                y_of(f64::from(*v))
            );
        }
        let _ = write!(
            s,
            r##"<path d="{d}" fill="none" stroke="#1f4e8c" stroke-width="1.6"/>"##
        );
    }
    let bottom = top + series.len() as f64 * (panel + gap) - gap;
    for (m, lane) in marks.iter().zip(&lanes) {
        let x = x_of(m.t);
        let cy = top - 10.0 - 18.0 * *lane as f64;
        if m.decision {
            let _ = write!(
                s,
                r##"<g><title>{}</title><line x1="{x:.1}" x2="{x:.1}" y1="{:.1}" y2="{bottom:.1}" stroke="#c25400" stroke-dasharray="3 3"/><circle cx="{x:.1}" cy="{:.1}" r="9" fill="#c25400"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="marker">{}</text></g>"##,
                esc(&m.text),
                cy + 9.0,
                cy,
                cy + 3.5,
                esc(&m.tag)
            );
        } else {
            let _ = write!(
                s,
                r##"<g><title>{}</title><line x1="{x:.1}" x2="{x:.1}" y1="{top}" y2="{bottom:.1}" stroke="#7a3e9d" stroke-width="1.5"/><text x="{:.1}" y="{:.1}" text-anchor="{}" class="state">{}</text></g>"##,
                esc(&m.text),
                if x > w * 0.75 { x - 3.0 } else { x + 3.0 },
                bottom + 28.0,
                if x > w * 0.75 { "end" } else { "start" },
                esc(&m.tag)
            );
        }
    }
    // Time axis in minutes (ticks every 5, 10, 15, 30 or 60 minutes) up to six hours, in hours
    // beyond (as the app's plots), with at most about ten ticks.
    let (unit, x_axis) = if end > 6 * 3600 {
        (3600, x_axis_hours)
    } else {
        (60, x_axis)
    };
    let span = end / unit;
    let every = if unit == 60 {
        [5, 10, 15, 30, 60]
            .into_iter()
            .find(|e| span / e <= 10)
            .unwrap_or(120)
    } else {
        [1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 1440]
            .into_iter()
            .find(|e| span / e <= 10)
            .unwrap_or(2160)
    };
    let mut m = 0;
    while m <= span {
        let x = x_of(m * unit);
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" x2="{x:.1}" y1="{bottom:.1}" y2="{:.1}" stroke="#333"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="tick">{m}</text>"##,
            bottom + 4.0,
            bottom + 16.0
        );
        m += every;
    }
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="end" class="axis">{}</text></svg>"#,
        left - 8.0,
        bottom + 16.0,
        esc(x_axis)
    );
    s
}

/// Marker row per mark: decisions within 20 pixels of the previous one on a row go up a row
/// (at most four rows); state changes stay on row 0 (they are labelled below the chart).
fn stagger(marks: &[Mark], end: u64, width: f64) -> Vec<usize> {
    let mut last: Vec<f64> = Vec::new();
    marks
        .iter()
        .map(|m| {
            if !m.decision {
                return 0;
            }
            let x = width * m.t as f64 / end as f64;
            let row = (0..4)
                .find(|&r| last.get(r).is_none_or(|&lx| x - lx >= 20.0))
                .unwrap_or_else(|| {
                    (0..last.len().min(4))
                        .min_by(|&a, &b| last[a].total_cmp(&last[b]))
                        .unwrap_or(0)
                });
            if row >= last.len() {
                last.resize(row + 1, f64::NEG_INFINITY);
            }
            last[row] = x;
            row
        })
        .collect()
}

/// A label on at most two lines (split at the space nearest the middle when it is long).
fn wrap(label: &str, x: f64) -> String {
    if label.chars().count() <= 16 {
        return esc(label);
    }
    let mid = label.len() / 2;
    let split = label
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(mid));
    match split {
        Some(i) => format!(
            r#"<tspan x="{x:.1}" dy="-0.6em">{}</tspan><tspan x="{x:.1}" dy="1.2em">{}</tspan>"#,
            esc(&label[..i]),
            esc(&label[i + 1..])
        ),
        None => esc(label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_neutralises_markup_in_text_and_attributes() {
        assert_eq!(
            esc(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos;"
        );
        assert_eq!(esc("a\u{1b}[31mb"), "a\\u{1B}[31mb");
    }

    #[test]
    fn the_histogram_puts_a_hundred_in_the_top_bin() {
        let svg = histogram(
            &[100, 95, 5],
            &HistogramLabels {
                title: "t".into(),
                x_axis: "x".into(),
                y_axis: "y".into(),
                pass_marks: vec![],
            },
        );
        assert!(svg.contains("<title>90–100%: 2</title>"), "{svg}");
        assert!(svg.contains("<title>0–9%: 1</title>"), "{svg}");
    }
}
