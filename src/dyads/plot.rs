//! Net cooperation of chosen dyads over time, as an SVG line chart (plotters).

use plotters::coord::types::RangedCoordf64;
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
///
/// # Errors
/// No dated statement in `rows`, or plotters failed to draw (the message says which).
pub fn net_cooperation_svg(
    rows: &[DyadRow],
    dyads: &[(String, String)],
    title: &str,
) -> Result<String, String> {
    let periods = dated_periods(rows);
    if periods.is_empty() {
        return Err("no dated statements to plot".into());
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 540)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = axes(&root, &periods, title)?;
        for (k, (source, target)) in dyads.iter().enumerate() {
            let points = dyad_points(rows, &periods, source, target);
            let color = COLORS[k % COLORS.len()];
            chart
                .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))
                .map_err(|e| e.to_string())?
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
                .map_err(|e| e.to_string())?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::LowerLeft)
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// The dated periods of `rows`, sorted, each once.
fn dated_periods(rows: &[DyadRow]) -> Vec<&str> {
    let mut periods: Vec<&str> = rows
        .iter()
        .filter(|r| r.period != UNDATED)
        .map(|r| r.period.as_str())
        .collect();
    periods.sort_unstable();
    periods.dedup();
    periods
}

/// The points of one dyad: (index of the period, net cooperation) for the
/// periods where it has statements.
fn dyad_points(rows: &[DyadRow], periods: &[&str], source: &str, target: &str) -> Vec<(f64, f64)> {
    periods
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            rows.iter()
                .find(|r| r.period == *p && r.source == source && r.target == target)
                .and_then(|r| r.net_cooperation)
                .map(|y| (i as f64, y))
        })
        .collect()
}

/// The chart's frame: caption, axes with the periods as x labels (at most
/// 16 shown), y from -1 to 1, and the zero line.
fn axes<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, plotters::coord::Shift>,
    periods: &[&str],
    title: &str,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String> {
    let n = periods.len();
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), -1f64..1f64)
        .map_err(|e| e.to_string())?;
    let label_every = n.div_ceil(16).max(1);
    chart
        .configure_mesh()
        .x_desc("period")
        .y_desc("net cooperation  (mean P(cooperative) − P(tense))")
        .x_labels(n.min(16))
        .x_label_formatter(&|x: &f64| {
            let i = x.round();
            if (x - i).abs() > 1e-6
                || i < 0.0
                || i as usize >= n
                || !(i as usize).is_multiple_of(label_every)
            {
                return String::new();
            }
            periods[i as usize].to_string()
        })
        .disable_x_mesh()
        .draw()
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(LineSeries::new(
            [(-0.5, 0.0), (n as f64 - 0.5, 0.0)],
            BLACK.stroke_width(1),
        ))
        .map_err(|e| e.to_string())?;
    Ok(chart)
}
