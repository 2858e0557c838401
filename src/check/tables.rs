//! Rules on the figures: R1–R6, R9, R11 and completeness.

use super::cell_label;
use crate::diag::{Diagnostic, Span};
use crate::format::TableId;
use crate::format::{t2, t3};
use crate::report::{Number, Report, TableValues, sum_counts};

pub(super) fn check(report: &Report, previous: Option<&Report>, out: &mut Vec<Diagnostic>) {
    for id in TableId::ALL {
        if report.table(id).is_none() {
            out.push(missing_table(report, id));
        }
    }
    if let Some(t3) = report.table(TableId::Three).filter(|t| t.is_complete()) {
        rule_row_totals(t3, &R3, out);
        rule_r2(t3, out);
        rule_r1(t3, out);
    }
    if let Some(t4) = report.table(TableId::Four).filter(|t| t.is_complete()) {
        rule_row_totals(t4, &R4, out);
    }
    if let Some(t2) = report.table(TableId::Two).filter(|t| t.is_complete()) {
        rule_r9(t2, out);
        if report.meta.township {
            rule_r11(t2, out);
        }
    }
    if let Some(prev) = previous {
        rule_r5(report, prev, out);
        rule_r6(report, prev, out);
    }
}

fn missing_table(report: &Report, id: TableId) -> Diagnostic {
    let def = crate::format::table_def(report.format, id);
    // （七）总计 may be left out (it is computed), so it is not listed as required.
    let keys: Vec<&str> = def
        .fields
        .iter()
        .map(|f| f.key)
        .filter(|k| !(id == TableId::Three && *k == t3::TOTAL))
        .collect();
    Diagnostic::error(
        "missing-table",
        format!(
            "缺少{}：{} 项数据（{}）都没有填写",
            id.name(),
            keys.len(),
            keys.join("、")
        ),
    )
    .hint(format!(
        "在文件中加入 [{}] 表并填写每一项，没有发生的写 0；用 nianbao new 生成的模板里有完整的表",
        id.key()
    ))
}

/// The place of a cell: where it was written, or the row when it was computed.
fn cell_span(t: &TableValues, key: &str, column: usize) -> Option<Span> {
    let row = t.row(key)?;
    row.cells[column].span.clone().or(Some(row.span.clone()))
}

fn count(t: &TableValues, key: &str, column: usize) -> i64 {
    t.count(key, column).unwrap_or(0)
}

/// R1: 一 + 二 = 三（七）总计 + 四, for every column.
fn rule_r1(t: &TableValues, out: &mut Vec<Diagnostic>) {
    let columns = &t.def.fields[0].columns;
    for (c, column) in columns.iter().enumerate() {
        let new = count(t, t3::NEW, c);
        let carried = count(t, t3::CARRIED_OVER, c);
        let total = count(t, t3::TOTAL, c);
        let forward = count(t, t3::CARRY_FORWARD, c);
        if new + carried != total + forward {
            out.push(
                Diagnostic::error(
                    "R1",
                    format!(
                        "表三「{}」列的勾稽关系不成立：一、本年新收 {new} + 二、上年结转 {carried} = {}，而 （七）总计 {total} + 四、结转下年度继续办理 {forward} = {}",
                        column.label,
                        new + carried,
                        total + forward
                    ),
                )
                .at_opt(cell_span(t, t3::CARRY_FORWARD, c))
                .hint("第一项加第二项之和应等于第三项加第四项之和：核对本年新收、上年结转、各项办理结果和结转下年度的数字"),
            );
        }
    }
}

/// R2: （七）总计 = the sum of every outcome row, per column.
fn rule_r2(t: &TableValues, out: &mut Vec<Diagnostic>) {
    let outcomes = t.def.outcome_fields();
    for (c, column) in t.def.fields[0].columns.iter().enumerate() {
        let total = count(t, t3::TOTAL, c);
        let sum: i64 = outcomes
            .iter()
            .map(|&i| {
                t.rows[i]
                    .as_ref()
                    .and_then(|r| r.cells[c].value.as_int())
                    .unwrap_or(0)
            })
            .sum();
        if total != sum {
            out.push(
                Diagnostic::error(
                    "R2",
                    format!(
                        "表三「（七）总计」「{}」填的是 {total}，但（一）至（六）各项之和是 {sum}",
                        column.label
                    ),
                )
                .at_opt(cell_span(t, t3::TOTAL, c))
                .hint("（七）总计 = （一）予以公开 + （二）部分公开 + （三）至（六）各小项之和；也可以删去 total 这一行，由工具计算"),
            );
        }
    }
}

/// A row-total rule: which rule, the table as named in messages, the parts the
/// total adds up, and what to do.
struct RowTotalRule {
    rule: &'static str,
    table: &'static str,
    parts: &'static str,
    hint: &'static str,
}

/// R3: in every row of table 三, 总计 = the six applicant columns.
const R3: RowTotalRule = RowTotalRule {
    rule: "R3",
    table: "表三",
    parts: "自然人与五类法人或其他组织",
    hint: "总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他；也可以只写前 6 个数，由工具计算总计",
};

/// R4: in table 四, each 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
const R4: RowTotalRule = RowTotalRule {
    rule: "R4",
    table: "表四",
    parts: "结果维持、结果纠正、其他结果、尚未审结",
    hint: "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结；也可以只写前 4 个数，由工具计算总计",
};

/// Checks every written 总计 cell of a table against the columns before it
/// (a computed total is right by construction).
fn rule_row_totals(t: &TableValues, rule: &RowTotalRule, out: &mut Vec<Diagnostic>) {
    for (field, row) in t.def.fields.iter().zip(&t.rows) {
        let (Some(row), Some(total)) = (row, field.total) else {
            continue;
        };
        if !row.cells[total].given() {
            continue;
        }
        let stated = row.cells[total].value.as_int().unwrap_or(0);
        let sum = sum_counts(&row.cells[..total]);
        if stated != sum {
            out.push(
                Diagnostic::error(
                    rule.rule,
                    format!(
                        "{}填的是 {stated}，但{}之和是 {sum}",
                        cell_label(rule.table, &field.full_label(), "总计"),
                        rule.parts
                    ),
                )
                .at_opt(row.cells[total].span.clone())
                .hint(rule.hint),
            );
        }
    }
}

/// R5: this year's 上年结转 = last year's 结转下年度继续办理.
fn rule_r5(report: &Report, prev: &Report, out: &mut Vec<Diagnostic>) {
    let (Some(now), Some(before)) = (report.table(TableId::Three), prev.table(TableId::Three))
    else {
        return;
    };
    let (Some(now_row), Some(before_row)) =
        (now.row(t3::CARRIED_OVER), before.row(t3::CARRY_FORWARD))
    else {
        return;
    };
    for (c, column) in now.def.fields[0].columns.iter().enumerate() {
        let a = now_row.cells[c].value.as_int().unwrap_or(0);
        let b = before_row.cells[c].value.as_int().unwrap_or(0);
        if a != b {
            out.push(
                Diagnostic::warning(
                    "R5",
                    format!(
                        "表三「二、上年结转政府信息公开申请数量」「{}」是 {a}，但上年报告的「四、结转下年度继续办理」是 {b}",
                        column.label
                    ),
                )
                .at_opt(now_row.cells[c].span.clone().or(Some(now_row.span.clone())))
                .hint("本年的上年结转应等于上年报告的结转下年度继续办理；如上年数字有误，请在第六部分说明"),
            );
        }
    }
}

/// R6: 现行有效件数 ≈ last year's + 本年制发 − 本年废止 (2021 format);
/// 对外公开总数量 ≈ last year's + 本年新公开 (2019 format). Not across the
/// 2020→2021 change: the two formats count different things.
fn rule_r6(report: &Report, prev: &Report, out: &mut Vec<Diagnostic>) {
    if report.format != prev.format {
        return;
    }
    let (Some(now), Some(before)) = (report.table(TableId::Two), prev.table(TableId::Two)) else {
        return;
    };
    let cols = report.format.documents_in_force();
    for key in [t2::REGULATIONS, t2::NORMATIVE_DOCUMENTS] {
        let Some((index, field)) = now.def.field(key) else {
            continue;
        };
        let column = |k: &str| field.columns.iter().position(|c| c.key == k);
        let Some(in_force_col) = column(cols.in_force) else {
            continue;
        };
        let (Some(row), Some(last)) = (&now.rows[index], before.count(key, in_force_col)) else {
            continue;
        };
        let get = |k: &&str| {
            column(k)
                .and_then(|c| row.cells[c].value.as_int())
                .unwrap_or(0)
        };
        let added: i64 = cols.added.iter().map(get).sum();
        let removed: i64 = cols.removed.iter().map(get).sum();
        let in_force = get(&cols.in_force);
        let expected = last + added - removed;
        if in_force != expected {
            let label = |keys: &[&str]| {
                keys.iter()
                    .filter_map(|k| field.columns.iter().find(|c| c.key == *k))
                    .map(|c| c.label)
                    .collect::<Vec<_>>()
                    .join("、")
            };
            let in_force_label = field.columns[in_force_col].label;
            let mut formula = format!(
                "上年{in_force_label} {last} + {} {added}",
                label(cols.added)
            );
            if !cols.removed.is_empty() {
                formula.push_str(&format!(" − {} {removed}", label(cols.removed)));
            }
            out.push(
                Diagnostic::warning(
                    "R6",
                    format!(
                        "表二「{}」{in_force_label}是 {in_force}，而{formula} = {expected}",
                        field.label
                    ),
                )
                .at_opt(row.cells[in_force_col].span.clone())
                .hint("如本年开展了文件清理（宣布失效等）造成差异，可在第一部分或第六部分说明；否则请核对"),
            );
        }
    }
}

/// 行政事业性收费 above this many 万元 (1亿元) looks like it was written in 元.
const FEES_PLAUSIBLE_MAX: f64 = 10_000.0;

/// R9: 行政事业性收费 is in 万元.
fn rule_r9(t: &TableValues, out: &mut Vec<Diagnostic>) {
    let Some((index, field)) = t.def.field(t2::FEES) else {
        return;
    };
    let Some(row) = &t.rows[index] else { return };
    let amount_column = field.columns.len() - 1;
    if let Number::Amount(a) = &row.cells[amount_column].value
        && a.approx() > FEES_PLAUSIBLE_MAX
    {
        out.push(
            Diagnostic::warning(
                "R9",
                format!(
                    "表二「行政事业性收费」填的是 {} 万元（即 {} 亿元以上），像是按“元”填写的",
                    a.text,
                    (a.approx() / 10_000.0).floor()
                ),
            )
            .at_opt(row.cells[amount_column].span.clone())
            .hint("单位是万元：如果 这个数是元，请除以 10000 后填写"),
        );
    }
}

/// R11: a 街道/乡镇 cannot make 规章.
fn rule_r11(t: &TableValues, out: &mut Vec<Diagnostic>) {
    let Some(row) = t.row(t2::REGULATIONS) else {
        return;
    };
    if row.cells.iter().any(|c| c.value.as_int().unwrap_or(0) != 0) {
        out.push(
            Diagnostic::warning("R11", "乡镇、街道没有规章制定权，但表二「规章」一行有非零数字")
                .at(row.span.clone())
                .hint("规章只由国务院部门和省、设区的市人民政府制定；请确认是否应填在「行政规范性文件」一行"),
        );
    }
}
