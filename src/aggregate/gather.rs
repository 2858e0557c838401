//! What one 汇总 reads, for `aggregate` and the start page alike: this year's
//! units in the folders given (last year's reports among them set apart),
//! last year's in the folders given for it, never a 汇总 report of either
//! year; then read, each unit compared with its own last year's report, and
//! summed with last year's sums beside them.

use std::path::{Path, PathBuf};

use super::{Aggregate, find_units_excluding, read_last_year, read_units_compared, report_name};
use crate::batch::Input;

/// The report files of a 汇总, found but not yet read.
pub struct Sources {
    pub this_year: Vec<Input>,
    pub last_year: Vec<Input>,
    /// Paths that could not be listed, as `batch::collect` words them.
    pub problems: Vec<String>,
}

impl Sources {
    /// The units under `folders` and last year's under `previous`, leaving
    /// out `out_dir` and the 汇总 report files of `agency` for `year` and the
    /// year before.
    pub fn find(
        folders: &[PathBuf],
        previous: &[PathBuf],
        out_dir: &Path,
        agency: &str,
        year: i64,
    ) -> Sources {
        let summed = [report_name(agency, year), report_name(agency, year - 1)];
        let names = [summed[0].as_str(), summed[1].as_str()];
        let (inputs, mut problems) = find_units_excluding(folders, out_dir, &names);
        let (this_year, mut last_year) = super::split_last_year(inputs, year);
        if !previous.is_empty() {
            let (given, more) = find_units_excluding(previous, out_dir, &names);
            last_year.extend(given);
            problems.extend(more);
        }
        Sources {
            this_year,
            last_year,
            problems,
        }
    }

    /// How many files [`Sources::read`] reads, of both years.
    pub fn files(&self) -> usize {
        self.this_year.len() + self.last_year.len()
    }

    /// No unit of this year was found: there is nothing to sum.
    pub fn no_units(&self) -> bool {
        self.this_year.is_empty()
    }

    /// Reads and sums them; `done` is told of each file read. `None` when no
    /// format covers `year`.
    pub fn read(
        &self,
        agency: &str,
        year: i64,
        expected: Option<&[String]>,
        mut done: impl FnMut(&Input),
    ) -> Option<Aggregate> {
        let last = if self.last_year.is_empty() {
            None
        } else {
            read_last_year(agency, year, &self.last_year, &mut done)
        };
        let (last_sums, last_units) = match last {
            Some((sums, units)) => (Some(sums), units),
            None => (None, Default::default()),
        };
        let units = read_units_compared(&self.this_year, year, &last_units, &mut done);
        let mut aggregate = Aggregate::new(agency, year, units, expected)?;
        aggregate.last_year = last_sums.filter(|l| !l.included.is_empty()).map(Box::new);
        Some(aggregate)
    }
}
