//! Net cooperation of chosen dyads over time, as an SVG line chart (plotters).

use plotters::prelude::*;

use super::{DyadRow, UNDATED};

const COLORS: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(23, 190, 207),
];

/// The SVG text of a line chart: one line per `(source, target)` of `dyads`
/// over the dated periods of `rows` (undated rows left out), y = net
/// cooperation in [-1, 1], a zero line, labelled axes and a legend. A dyad
/// with no statement in a period has no point there (its line joins the
/// periods it has).
pub fn net_cooperation_svg(
    rows: &[DyadRow],
    dyads: &[(String, String)],
    title: &str,
) -> Result<String, String> {
    let mut periods: Vec<&str> = rows
        .iter()
        .filter(|r| r.period != UNDATED)
        .map(|r| r.period.as_str())
        .collect();
    periods.sort_unstable();
    periods.dedup();
    if periods.is_empty() {
        return Err("no dated statements to plot".into());
    }
    let n = periods.len();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 540)).into_drawing_area();
        let err = |e: &dyn std::fmt::Display| e.to_string();
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(56)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), -1f64..1f64)
            .map_err(|e| err(&e))?;
        let label_every = n.div_ceil(16).max(1);
        let labels = periods.clone();
        chart
            .configure_mesh()
            .x_desc("period")
            .y_desc("net cooperation  (mean P(cooperative) − P(tense))")
            .x_labels(n.min(16))
            .x_label_formatter(&|x: &f64| {
                let i = x.round();
                if (x - i).abs() > 1e-6
                    || i < 0.0
                    || i as usize >= labels.len()
                    || !(i as usize).is_multiple_of(label_every)
                {
                    return String::new();
                }
                labels[i as usize].to_string()
            })
            .disable_x_mesh()
            .draw()
            .map_err(|e| err(&e))?;
        chart
            .draw_series(LineSeries::new(
                [(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
                BLACK.stroke_width(1),
            ))
            .map_err(|e| err(&e))?;
        for (k, (source, target)) in dyads.iter().enumerate() {
            let color = COLORS[k % COLORS.len()];
            let points: Vec<(f64, f64)> = periods
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    rows.iter()
                        .find(|r| r.period == *p && &r.source == source && &r.target == target)
                        .and_then(|r| r.net_cooperation)
                        .map(|y| (i as f64, y))
                })
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
                .map_err(|e| err(&e))?
                .label(format!("{source} → {target}"))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                });
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|&(x, y)| Circle::new((x, y), 3, color.filled())),
                )
                .map_err(|e| err(&e))?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::LowerLeft)
            .draw()
            .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(svg)
}
