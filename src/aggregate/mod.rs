//! `nianbao aggregate`: the 汇总 report of many units — exact cell sums, the
//! per-unit appendix, the review page and the spreadsheet.

pub(crate) mod decimal;
pub(crate) mod figures;
mod find;
mod gather;
mod last_year;
mod review;
mod sheet;
pub(crate) mod unit;
mod write;
mod xlsx;

pub use find::read_expected;
use find::{find_units_excluding, read_units_compared};
pub use gather::Sources;
use last_year::{read_last_year, split_last_year};
pub use write::{CSV, REVIEW, SHEET, WriteError, report_name};

use decimal::Decimal;
use figures::{KeyFigure, key_figures};
use unit::{Figures, Unit};

use crate::batch::Status;
use crate::format::{FormatVersion, SectionId, TableId, table_def, tables_for};
use crate::template::summed_report;

/// Everything aggregated: the units in file order and what was summed.
pub struct Aggregate {
    pub agency: String,
    pub year: i64,
    pub version: FormatVersion,
    pub units: Vec<Unit>,
    /// Indices of the units in the sum.
    pub included: Vec<usize>,
    /// Whether a list of expected units was given.
    pub expected: bool,
    /// Expected units (`--expect`) with no report.
    pub missing: Vec<String>,
    /// Units that reported but are not on the expected list.
    pub unexpected: Vec<String>,
    pub sums: Figures,
    pub key_figures: Vec<KeyFigure>,
    /// Last year's units and their sums, when two years are aggregated.
    pub last_year: Option<Box<Aggregate>>,
}

impl Aggregate {
    /// Sums the units that are not blocked (the caller refuses blocked ones
    /// unless `--skip-errors`); `None` when no format covers `year`.
    pub fn new(
        agency: &str,
        year: i64,
        mut units: Vec<Unit>,
        expected: Option<&[String]>,
    ) -> Option<Aggregate> {
        let version = FormatVersion::for_year(year)?;
        units.sort_by(|a, b| a.file.cmp(&b.file));
        unit::mark_duplicates(&mut units);
        // A blocked unit is never summed; without --skip-errors the caller refuses.
        let included: Vec<usize> = (0..units.len()).filter(|&i| !units[i].blocked()).collect();
        let mut sums: Figures = tables_for(version).map(|def| {
            def.fields
                .iter()
                .map(|f| vec![Decimal::default(); f.columns.len()])
                .collect()
        });
        for &i in &included {
            if let Some(f) = &units[i].figures {
                add_into(&mut sums, f);
            }
        }
        let (missing, unexpected) = match expected {
            Some(list) => {
                let reported: std::collections::HashSet<&str> =
                    units.iter().map(|u| u.agency.as_str()).collect();
                let listed: std::collections::HashSet<&str> =
                    list.iter().map(String::as_str).collect();
                (
                    list.iter()
                        .filter(|e| !reported.contains(e.as_str()))
                        .cloned()
                        .collect(),
                    units
                        .iter()
                        .filter(|u| u.year.is_some() && !listed.contains(u.agency.as_str()))
                        .map(|u| u.agency.clone())
                        .collect(),
                )
            }
            None => (Vec::new(), Vec::new()),
        };
        Some(Aggregate {
            agency: agency.to_string(),
            year,
            version,
            expected: expected.is_some(),
            units,
            included,
            missing,
            unexpected,
            sums,
            key_figures: key_figures(version),
            last_year: None,
        })
    }

    pub fn is_included(&self, i: usize) -> bool {
        self.included.binary_search(&i).is_ok()
    }

    /// The units that stop the sum (errors, other year, duplicate, unreadable).
    pub fn blocked(&self) -> Vec<&Unit> {
        self.units.iter().filter(|u| u.blocked()).collect()
    }

    /// 「通过」「有警告」「有错误」 or the unit's problem.
    pub fn status_text(&self, i: usize) -> String {
        let u = &self.units[i];
        match &u.problem {
            Some(p) if u.status != Status::Failed || u.errors == 0 => {
                format!("{}；{p}", u.status.label())
            }
            _ => u.status.label().to_string(),
        }
    }

    pub fn published_text(&self, i: usize) -> String {
        let u = &self.units[i];
        match u.published {
            Some(d) if u.late() => format!("{}（逾期）", d.format("%Y-%m-%d")),
            Some(d) => d.format("%Y-%m-%d").to_string(),
            None => "未填写".to_string(),
        }
    }

    /// What was aggregated, for the report's 引言.
    pub fn statement(&self) -> String {
        let n = self.included.len();
        let mut s = format!(
            "本报告由{}汇总{}个单位的{}年政府信息公开工作年度报告编制而成。第二、三、四部分的统计数据为各单位报告数据之和，各单位主要数据见“{}”。",
            self.agency,
            n,
            self.year,
            SectionId::Other.heading()
        );
        let left_out: Vec<&str> = (0..self.units.len())
            .filter(|i| !self.is_included(*i))
            .map(|i| self.units[i].agency.as_str())
            .collect();
        if !left_out.is_empty() {
            s.push_str(&format!(
                "{}个单位的报告有错误或不符合汇总条件，未计入：{}。",
                left_out.len(),
                left_out.join("、")
            ));
        }
        s
    }

    /// The per-unit appendix, one numbered line per unit and a total line.
    pub fn appendix(&self) -> String {
        // Only the figures that are not zero, so that each line stays readable.
        let line = |name: &str, figures: &Figures| {
            let parts: Vec<String> = self
                .key_figures
                .iter()
                .map(|k| (k, k.value(figures)))
                .filter(|(_, v)| *v != Decimal::default() && v.to_f64() != 0.0)
                .map(|(k, v)| format!("{}{v}{}", k.heading, k.unit))
                .collect();
            if parts.is_empty() {
                format!("{name}：各项均为 0")
            } else {
                format!("{name}：{}", parts.join("，"))
            }
        };
        let mut s = format!("附：各单位主要数据（{} 个单位）\n", self.included.len());
        for &i in &self.included {
            if let Some(f) = &self.units[i].figures {
                s.push_str(&format!("- {}。\n", line(&self.units[i].agency, f)));
            }
        }
        s.push_str(&format!("{}。", line("合计", &self.sums)));
        s
    }

    /// The 汇总 report file (TOML).
    pub fn report_toml(&self) -> String {
        let value = |id: TableId, field: usize| {
            let def = table_def(self.version, id);
            let cells = &self.sums[id as usize][field];
            if def.fields[field].scalar {
                cells[0].to_string()
            } else {
                let nums: Vec<String> = cells.iter().map(Decimal::to_string).collect();
                format!("[{}]", nums.join(", "))
            }
        };
        let previous = self
            .last_year
            .as_ref()
            .map(|l| report_name(&l.agency, l.year));
        summed_report(
            &self.agency,
            self.year,
            &self.statement(),
            &self.appendix(),
            previous.as_deref(),
            &value,
        )
    }
}

fn add_into(sums: &mut Figures, unit: &Figures) {
    for (st, ut) in sums.iter_mut().zip(unit) {
        for (sr, ur) in st.iter_mut().zip(ut) {
            for (s, u) in sr.iter_mut().zip(ur) {
                *s = *s + *u;
            }
        }
    }
}
