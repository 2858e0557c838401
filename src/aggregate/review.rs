//! The review page: one offline HTML file with every unit's status and findings.

use serde::Serialize;

use super::Aggregate;
use super::unit::Finding;
use crate::batch::Status;
use crate::format::comparison as label;

const TEMPLATE: &str = include_str!("../../templates/review.html.tera");

#[derive(Serialize)]
struct UnitRow<'a> {
    agency: &'a str,
    file: &'a str,
    class: &'static str,
    status: String,
    included: bool,
    published: String,
    late: bool,
    errors: usize,
    warnings: usize,
    problem: Option<&'a str>,
    findings: &'a [Finding],
}

impl Aggregate {
    /// The page; `refused` says the 汇总 was not written because of blocked units.
    pub fn review_html(&self, refused: bool) -> Result<String, String> {
        let units: Vec<UnitRow> = self
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| UnitRow {
                agency: &u.agency,
                file: &u.file,
                class: if u.blocked() {
                    "errors"
                } else {
                    match u.status {
                        Status::Passed => "passed",
                        _ => "warnings",
                    }
                },
                status: self.status_text(i),
                included: self.is_included(i),
                published: self.published_text(i),
                late: u.late(),
                errors: u.errors,
                warnings: u.warnings,
                problem: u.problem.as_deref(),
                findings: &u.findings,
            })
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("agency", &self.agency);
        ctx.insert("year", &self.year);
        ctx.insert(
            "passed",
            &self
                .units
                .iter()
                .filter(|u| !u.blocked() && u.status == Status::Passed)
                .count(),
        );
        ctx.insert(
            "warned",
            &self
                .units
                .iter()
                .filter(|u| !u.blocked() && u.status == Status::Warnings)
                .count(),
        );
        ctx.insert("blocked", &self.blocked().len());
        ctx.insert("included", &self.included.len());
        ctx.insert("late", &self.units.iter().filter(|u| u.late()).count());
        ctx.insert("units", &units);
        ctx.insert("expected", &self.expected);
        ctx.insert("missing", &self.missing);
        ctx.insert("unexpected", &self.unexpected);
        ctx.insert("refused", &refused);
        ctx.insert("compared", &self.compared_view());
        ctx.insert(
            "compared_labels",
            &[
                label::ITEM,
                label::COLUMN,
                label::PREVIOUS,
                label::CURRENT,
                label::CHANGE,
                label::RATE,
            ],
        );
        tera::Tera::one_off(TEMPLATE, &ctx, true).map_err(|e| format!("审核页面无法生成：{e}"))
    }
}

/// The comparison of the sums with last year's, as the page shows it.
#[derive(Serialize)]
struct ComparedView {
    previous_year: i64,
    /// Last year's units summed.
    previous_units: usize,
    /// This year's units checked against their own last year's report.
    units_compared: usize,
    rows: Vec<ComparedRow>,
}

#[derive(Serialize)]
struct ComparedRow {
    table: &'static str,
    row: String,
    column: &'static str,
    previous: String,
    current: String,
    change: String,
    rate: String,
}

impl Aggregate {
    fn compared_view(&self) -> Option<ComparedView> {
        let last = self.last_year.as_ref()?;
        let yoy = self.year_on_year()?;
        let show = |x: f64| crate::document::show_figure(x);
        let rows = yoy
            .figures
            .iter()
            .filter(|c| c.previous != 0.0 || c.current != 0.0)
            .map(|c| ComparedRow {
                table: c.table,
                row: c.row.clone(),
                column: c.column,
                previous: show(c.previous),
                current: show(c.current),
                change: if c.change > 0.0 {
                    format!("+{}", show(c.change))
                } else {
                    show(c.change)
                },
                rate: c
                    .rate
                    .map_or_else(|| label::NO_RATE.to_string(), |r| format!("{r:+.1}%")),
            })
            .collect();
        Some(ComparedView {
            previous_year: last.year,
            previous_units: last.included.len(),
            units_compared: self.units.iter().filter(|u| u.compared).count(),
            rows,
        })
    }
}
