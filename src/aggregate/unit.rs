//! One unit's report as the aggregate needs it: who, when, how it checked, its figures.

use chrono::NaiveDate;
use serde::Serialize;

use super::decimal::Decimal;
use crate::batch::{Input, Status};
use crate::diag::portable_path;
use crate::format::{FormatVersion, TableId};
use crate::load::{Loaded, load};
use crate::report::Report;

/// Every figure of tables 二, 三, 四: `[table][field][column]`.
pub type Figures = [Vec<Vec<Decimal>>; 3];

/// A finding, as the review page lists it.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: &'static str,
    pub error: bool,
    pub message: String,
    pub hint: Option<String>,
    /// 「行 12，列 5」 when the finding has a place.
    pub place: Option<String>,
}

/// A unit's report, read and checked.
#[derive(Clone, Debug)]
pub struct Unit {
    pub file: String,
    /// The agency named in the report (the file name when unreadable).
    pub agency: String,
    pub year: Option<i64>,
    pub published: Option<NaiveDate>,
    pub status: Status,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<Finding>,
    /// `None` when the report could not be read or its tables are incomplete.
    pub figures: Option<Figures>,
    /// Why the unit cannot be summed apart from its findings (other year, duplicate…).
    pub problem: Option<String>,
    /// Checked against its own last year's report.
    pub compared: bool,
}

impl Unit {
    /// True when the unit must not be summed as it is.
    pub fn blocked(&self) -> bool {
        self.errors > 0 || self.problem.is_some() || self.figures.is_none()
    }

    /// Published after 31 January of the following year.
    pub fn late(&self) -> bool {
        match (self.published, self.year) {
            (Some(date), Some(year)) => {
                NaiveDate::from_ymd_opt((year + 1) as i32, 1, 31).is_some_and(|d| date > d)
            }
            _ => false,
        }
    }
}

impl Unit {
    /// A unit whose file could not be read: named by its file, never summed.
    pub fn unreadable(input: &Input, problem: String) -> Unit {
        Unit {
            problem: Some(problem),
            ..Unit::named_by_file(input)
        }
    }

    /// A unit known only by its file so far.
    fn named_by_file(input: &Input) -> Unit {
        let file = portable_path(&input.path);
        let fallback = input
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.clone());
        Unit {
            file,
            agency: fallback,
            year: None,
            published: None,
            status: Status::Failed,
            errors: 0,
            warnings: 0,
            findings: Vec::new(),
            figures: None,
            problem: None,
            compared: false,
        }
    }
}

/// Reads and checks one unit's file against the aggregate's year; `last_year`
/// gives the unit's own report of the year before, by agency, to check it
/// against (R5, R6, R12–R14). The report read comes back with the unit.
pub fn read_unit<'a>(
    input: &Input,
    year: i64,
    last_year: impl Fn(&str) -> Option<&'a Report>,
) -> (Unit, Option<Report>) {
    let previous = crate::io::read_source(&input.path)
        .ok()
        .and_then(|f| crate::report::parse_report(&f).report)
        .and_then(|r| last_year(r.meta.agency.value.trim()));
    let mut loaded = match load(&input.path, previous) {
        Ok(l) => l,
        Err(message) => return (Unit::unreadable(input, message), None),
    };
    let unit = unit_of(input, year, &loaded, previous.is_some());
    (unit, loaded.report.take())
}

fn unit_of(input: &Input, year: i64, loaded: &Loaded, compared: bool) -> Unit {
    let mut unit = Unit::named_by_file(input);
    let (errors, warnings) = loaded.counts();
    unit.errors = errors;
    unit.warnings = warnings;
    unit.status = if loaded.unreadable {
        Status::Failed
    } else {
        Status::from_counts(errors, warnings, false)
    };
    unit.findings = loaded
        .diagnostics
        .iter()
        .map(|d| Finding {
            rule: d.rule,
            severity: d.severity.label(),
            error: d.is_error(),
            message: d.message.clone(),
            hint: d.hint.clone(),
            place: d.span.as_ref().map(|s| {
                let (line, col) = loaded.file.line_col(s.start);
                format!("第 {line} 行第 {col} 列")
            }),
        })
        .collect();
    unit.compared = compared || loaded.named_previous.is_some();
    let Some(report) = &loaded.report else {
        unit.problem = Some("文件无法读取为报告".to_string());
        return unit;
    };
    unit.agency = report.meta.agency.value.trim().to_string();
    unit.year = Some(report.meta.year.value);
    unit.published = report.meta.published.as_ref().map(|p| p.value);
    unit.problem = year_problem(report, year);
    unit.figures = figures(report);
    if unit.figures.is_none() && unit.problem.is_none() && errors == 0 {
        unit.problem = Some("统计表不完整".to_string());
    }
    unit
}

/// A report of another year (and so perhaps another format) cannot be summed in.
fn year_problem(report: &Report, year: i64) -> Option<String> {
    let theirs = report.meta.year.value;
    if theirs == year {
        return None;
    }
    let format = |y: i64| FormatVersion::for_year(y).map(FormatVersion::circular);
    Some(match (format(theirs), format(year)) {
        (Some(a), Some(b)) if a != b => format!(
            "报告年度为 {theirs} 年（{a}格式），汇总年度为 {year} 年（{b}格式），年度和格式都不同"
        ),
        _ => format!("报告年度为 {theirs} 年，与汇总年度 {year} 年不同"),
    })
}

/// Every figure, when every table is complete.
fn figures(report: &Report) -> Option<Figures> {
    let table = |id: TableId| -> Option<Vec<Vec<Decimal>>> {
        report
            .table(id)?
            .rows
            .iter()
            .map(|row| {
                row.as_ref()
                    .map(|r| r.cells.iter().map(|c| Decimal::of(&c.value)).collect())
            })
            .collect()
    };
    Some([
        table(TableId::Two)?,
        table(TableId::Three)?,
        table(TableId::Four)?,
    ])
}

/// Marks every unit after the first of the same agency as a duplicate.
pub fn mark_duplicates(units: &mut [Unit]) {
    let mut first: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for u in units.iter_mut() {
        if u.year.is_none() {
            continue;
        }
        match first.get(&u.agency) {
            Some(other) => {
                let note = format!("与 {other} 是同一单位（{}），重复报送", u.agency);
                u.problem = Some(match u.problem.take() {
                    Some(p) => format!("{p}；{note}"),
                    None => note,
                });
            }
            None => {
                first.insert(u.agency.clone(), u.file.clone());
            }
        }
    }
}
