//! Which files are the units' reports, and reading them all.

use std::path::{Path, PathBuf};

use super::last_year::LastYearUnits;
use super::unit::{Unit, read_unit};
use super::write::OUTPUT_NAMES;
use crate::batch::{self, Input};
use crate::io::read_source;

/// The units' report files among `files` (folders searched), and a message for
/// every argument that gave none. What an aggregate writes is never a unit: a
/// file with the name of one of its outputs (the review page, or one of
/// `report_names`: the 汇总 reports of this year and of the year before)
/// wherever it lies, and every file under `out_dir` when that folder lies
/// inside a folder of units (where former 汇总 reports are kept). An `out_dir`
/// equal to the units' folder, or above it, keeps the units in it.
pub fn find_units_excluding(
    files: &[PathBuf],
    out_dir: &Path,
    report_names: &[&str],
) -> (Vec<Input>, Vec<String>) {
    let (mut inputs, problems) = batch::collect(files);
    inputs.retain(|i| {
        i.path.file_name().is_none_or(|name| {
            !report_names.iter().any(|r| name == *r) && !OUTPUT_NAMES.iter().any(|o| name == *o)
        })
    });
    let Ok(out) = std::fs::canonicalize(out_dir) else {
        return (inputs, problems);
    };
    let out_is_inside_units = files.iter().any(|f| {
        f.is_dir()
            && std::fs::canonicalize(f).is_ok_and(|units| out != units && out.starts_with(&units))
    });
    if out_is_inside_units {
        inputs.retain(|i| std::fs::canonicalize(&i.path).is_ok_and(|p| !p.starts_with(&out)));
    }
    (inputs, problems)
}

/// Reads and checks every unit on all cores, in `inputs` order; `done` is called
/// as each one is finished. A unit whose reading failed inside nianbao is kept,
/// marked as not summable, rather than silently left out. Each unit is checked
/// against its own last year's report when `last_year` holds one of the same
/// agency.
pub fn read_units_compared(
    inputs: &[Input],
    year: i64,
    last_year: &LastYearUnits,
    mut done: impl FnMut(&Input),
) -> Vec<Unit> {
    let mut units: Vec<Option<Unit>> = vec![None; inputs.len()];
    batch::for_each(
        inputs,
        |input| read_unit(input, year, |agency| last_year.report_of(agency)).0,
        |i, unit| {
            done(&inputs[i]);
            units[i] = Some(unit.unwrap_or_else(|panic| {
                Unit::unreadable(&inputs[i], format!("读取时出现内部错误（{panic}）"))
            }));
        },
    );
    units.into_iter().flatten().collect()
}

/// The expected units (`--expect`): one agency name a line; blank lines and
/// 「#」 comments are skipped.
pub fn read_expected(path: &Path) -> Result<Vec<String>, String> {
    let file =
        read_source(path).map_err(|_| format!("应报送单位名单 {} 无法读取", path.display()))?;
    Ok(file
        .text
        .lines()
        .map(|l| l.trim().trim_start_matches('\u{feff}').trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect())
}
