//! The per-unit key figures (新收, 办结, 结转, outcome groups, 复议, 诉讼, 收费),
//! defined from the format's tables, so that labels are never retyped.

use super::decimal::Decimal;
use super::unit::Figures;
use crate::format::{FormatVersion, TableId, ValueKind, t3, table_def};

/// One column of the per-unit table: a heading and the cells it adds up.
#[derive(Clone, Debug)]
pub struct KeyFigure {
    pub heading: String,
    /// Unit of the figure: 件 for counts, the column's own unit (万元) for amounts.
    pub unit: &'static str,
    cells: Vec<(TableId, usize, usize)>,
}

impl KeyFigure {
    pub fn value(&self, figures: &Figures) -> Decimal {
        self.cells
            .iter()
            .map(|&(t, f, c)| figures[t as usize][f][c])
            .sum()
    }
}

/// 「一、本年新收…」 → 「本年新收…」, 「（三）不予公开」 → 「不予公开」,
/// 「部分公开（区分处理的，…）」 → 「部分公开」.
fn bare(label: &str) -> String {
    let label = label.trim();
    let numbered = label
        .strip_prefix('（')
        .and_then(|rest| rest.split_once('）'))
        .map(|(_, after)| after)
        .or_else(|| {
            label
                .split_once('、')
                .filter(|(num, _)| num.chars().count() <= 2)
                .map(|(_, after)| after)
        })
        .unwrap_or(label);
    match numbered.find('（') {
        Some(i) if i > 0 && numbered.ends_with('）') => numbered[..i].to_string(),
        _ => numbered.to_string(),
    }
}

/// 「本年收费金额（单位：万元）」 → 「万元」.
fn money_unit(label: &'static str) -> &'static str {
    label
        .split_once("单位：")
        .map_or("", |(_, rest)| rest.trim_end_matches('）'))
}

/// The key figures of a format version, in reading order.
pub fn key_figures(version: FormatVersion) -> Vec<KeyFigure> {
    let mut out = Vec::new();
    let t3def = table_def(version, TableId::Three);
    // A row's 总计 column (or its only column).
    let total_of = |def: &crate::format::TableDef, i: usize| {
        let f = &def.fields[i];
        f.total.unwrap_or(f.columns.len() - 1)
    };
    // Every format's table 三 has the rows named here (the test below).
    let row = |key: &str| {
        let (i, f) = t3def.field(key)?;
        Some(KeyFigure {
            heading: bare(f.label),
            unit: "件",
            cells: vec![(TableId::Three, i, total_of(t3def, i))],
        })
    };
    out.extend(row(t3::NEW));
    out.extend(row(t3::CARRIED_OVER));
    // Outcomes, grouped as the format groups them (（三）不予公开 1.–8. and so on).
    let mut groups: Vec<KeyFigure> = Vec::new();
    for i in t3def.outcome_fields() {
        let f = &t3def.fields[i];
        let heading = bare(f.context.get(1).copied().unwrap_or(f.label));
        let cell = (TableId::Three, i, total_of(t3def, i));
        match groups.iter_mut().find(|g| g.heading == heading) {
            Some(g) => g.cells.push(cell),
            None => groups.push(KeyFigure {
                heading,
                unit: "件",
                cells: vec![cell],
            }),
        }
    }
    if let Some(mut finished) = row(t3::TOTAL) {
        finished.heading = format!("办理结果{}", bare(t3def.fields[finished.cells[0].1].label));
        out.push(finished);
    }
    out.extend(groups);
    out.extend(row(t3::CARRY_FORWARD));
    // Table 四: 行政复议 and 行政诉讼, each the sum of its rows' 总计.
    let t4def = table_def(version, TableId::Four);
    let mut appeals: Vec<KeyFigure> = Vec::new();
    for (i, f) in t4def.fields.iter().enumerate() {
        let heading = f.context.first().copied().unwrap_or(f.label).to_string();
        let cell = (TableId::Four, i, total_of(t4def, i));
        match appeals.iter_mut().find(|g| g.heading == heading) {
            Some(g) => g.cells.push(cell),
            None => appeals.push(KeyFigure {
                heading,
                unit: "件",
                cells: vec![cell],
            }),
        }
    }
    out.extend(appeals);
    // Table 二: the fees, in 万元.
    let t2def = table_def(version, TableId::Two);
    for (i, f) in t2def.fields.iter().enumerate() {
        for (c, col) in f.columns.iter().enumerate() {
            if col.kind == ValueKind::Amount {
                out.push(KeyFigure {
                    heading: bare(f.label),
                    unit: money_unit(col.label),
                    cells: vec![(TableId::Two, i, c)],
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_the_leading_figures() {
        for v in FormatVersion::ALL {
            let t3def = table_def(v, TableId::Three);
            let figs = key_figures(v);
            for key in [t3::NEW, t3::CARRIED_OVER, t3::TOTAL, t3::CARRY_FORWARD] {
                let (i, _) = t3def.field(key).unwrap();
                assert!(
                    figs.iter()
                        .any(|f| f.cells == [(TableId::Three, i, f.cells[0].2)]),
                    "{v:?} {key}"
                );
            }
        }
    }

    #[test]
    fn headings_come_from_the_format() {
        let figs = key_figures(FormatVersion::V2021);
        let headings: Vec<&str> = figs.iter().map(|f| f.heading.as_str()).collect();
        assert_eq!(headings[0], "本年新收政府信息公开申请数量");
        assert!(headings.contains(&"不予公开"), "{headings:?}");
        assert!(headings.contains(&"行政复议"), "{headings:?}");
        assert!(headings.contains(&"行政诉讼"), "{headings:?}");
        assert!(headings.contains(&"部分公开"), "{headings:?}");
        let fees = figs.iter().find(|f| f.heading == "行政事业性收费").unwrap();
        assert_eq!(fees.unit, "万元");
    }
}
