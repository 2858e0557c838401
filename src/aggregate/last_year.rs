//! Aggregating two years: last year's units (`--previous`, or the reports of
//! the year before among the units given) are summed as last year's 汇总, which
//! the new 汇总 report names as its `previous`, and each unit is checked against
//! its own last year's report.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Aggregate;
use super::unit::{Unit, mark_duplicates, read_unit};
use crate::batch::{self, Input};
use crate::check::{YearOnYear, year_on_year};
use crate::diag::SourceFile;
use crate::report::{Report, parse_report};

/// Last year's units' reports, by agency.
#[derive(Default)]
pub struct LastYearUnits {
    reports: HashMap<String, Report>,
}

impl LastYearUnits {
    pub fn report_of(&self, agency: &str) -> Option<&Report> {
        self.reports.get(agency)
    }
}

/// `inputs` parted into this year's and last year's: a report file (.toml)
/// of the year before `year` is last year's when the same agency's report of
/// `year` is there too. A unit that sent only last year's report stays among
/// this year's, to be refused by name as of the wrong year.
pub fn split_last_year(inputs: Vec<Input>, year: i64) -> (Vec<Input>, Vec<Input>) {
    let read = |input: &Input| -> Option<(String, i64)> {
        if input.path.extension().is_none_or(|e| e != "toml") {
            return None;
        }
        let file = crate::io::read_source(&input.path).ok()?;
        let meta = parse_report(&file).report?.meta;
        Some((meta.agency.value.trim().to_string(), meta.year.value))
    };
    let read: Vec<Option<(String, i64)>> = inputs.iter().map(read).collect();
    let this_year: HashSet<&str> = read
        .iter()
        .flatten()
        .filter(|(_, y)| *y == year)
        .map(|(a, _)| a.as_str())
        .collect();
    let last = |r: &Option<(String, i64)>| {
        r.as_ref()
            .is_some_and(|(a, y)| *y == year - 1 && this_year.contains(a.as_str()))
    };
    let (mut now, mut then) = (Vec::new(), Vec::new());
    for (input, r) in inputs.into_iter().zip(&read) {
        if last(r) {
            then.push(input);
        } else {
            now.push(input);
        }
    }
    (now, then)
}

/// Reads last year's units: their 汇总 (blocked units left out of its sums,
/// never refused: it is only compared with) and their reports by agency.
pub fn read_last_year(
    agency: &str,
    year: i64,
    inputs: &[Input],
    mut done: impl FnMut(&Input),
) -> Option<(Aggregate, LastYearUnits)> {
    let mut read: Vec<Option<(Unit, Option<Report>)>> = vec![None; inputs.len()];
    batch::for_each(
        inputs,
        |input| read_unit(input, year - 1, |_| None),
        |i, result| {
            done(&inputs[i]);
            read[i] = Some(result.unwrap_or_else(|panic| {
                let why = format!("读取时出现内部错误（{panic}）");
                (Unit::unreadable(&inputs[i], why), None)
            }));
        },
    );
    let mut units = Vec::new();
    let mut reports = HashMap::new();
    for (unit, report) in read.into_iter().flatten() {
        if let Some(r) = report.filter(|r| r.meta.year.value == year - 1) {
            reports
                .entry(r.meta.agency.value.trim().to_string())
                .or_insert(r);
        }
        units.push(unit);
    }
    mark_duplicates(&mut units);
    let aggregate = Aggregate::new(agency, year - 1, units, None)?;
    Some((aggregate, LastYearUnits { reports }))
}

impl Aggregate {
    /// The comparison of the sums with last year's, as `check` computes it.
    pub fn year_on_year(&self) -> Option<YearOnYear> {
        let last = self.last_year.as_ref()?;
        let report = |agg: &Aggregate| {
            let file = SourceFile::new(
                agg.agency.clone() + &agg.year.to_string(),
                agg.report_toml(),
            );
            parse_report(&file).report
        };
        Some(year_on_year(&report(self)?, &report(last)?))
    }

    /// Where last year's 汇总 report is written in `out_dir`: beside this
    /// year's, as the `previous` key of this year's names it.
    pub fn last_year_path(&self, out_dir: &Path) -> Option<std::path::PathBuf> {
        let last = self.last_year.as_ref()?;
        Some(out_dir.join(super::report_name(&last.agency, last.year)))
    }
}
