//! The per-unit table as a spreadsheet (XLSX) and as CSV: Chinese headings,
//! numbers as numbers, and a 汇总 row equal to the summed tables.

use super::xlsx::{Sheet, Value, workbook};
use crate::ooxml::Meta;

use super::Aggregate;
use super::decimal::Decimal;

/// One cell of the per-unit table.
pub enum Cell {
    Text(String),
    Number(Decimal),
}

impl Aggregate {
    /// Headings, one row per unit, then the 汇总 row.
    pub fn table_rows(&self) -> (Vec<String>, Vec<Vec<Cell>>) {
        let mut headings: Vec<String> =
            ["序号", "单位", "文件", "检查结果", "计入汇总", "发布日期"]
                .map(String::from)
                .to_vec();
        headings.extend(
            self.key_figures
                .iter()
                .map(|k| format!("{}（{}）", k.heading, k.unit)),
        );
        headings.extend(["错误数", "警告数"].map(String::from));
        let mut rows = Vec::new();
        for (n, u) in self.units.iter().enumerate() {
            let included = self.is_included(n);
            let mut row = vec![
                Cell::Number(Decimal::from_int(n as i64 + 1)),
                Cell::Text(u.agency.clone()),
                Cell::Text(u.file.clone()),
                Cell::Text(self.status_text(n)),
                Cell::Text(if included { "是" } else { "否" }.to_string()),
                Cell::Text(self.published_text(n)),
            ];
            for k in &self.key_figures {
                row.push(match &u.figures {
                    Some(f) => Cell::Number(k.value(f)),
                    None => Cell::Text(String::new()),
                });
            }
            row.push(Cell::Number(Decimal::from_int(u.errors as i64)));
            row.push(Cell::Number(Decimal::from_int(u.warnings as i64)));
            rows.push(row);
        }
        let mut total = vec![
            Cell::Text(String::new()),
            Cell::Text(format!("汇总（{} 个单位）", self.included.len())),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
            Cell::Text(String::new()),
        ];
        for k in &self.key_figures {
            total.push(Cell::Number(k.value(&self.sums)));
        }
        let sum = |f: fn(&super::unit::Unit) -> usize| {
            Decimal::from_int(
                self.included
                    .iter()
                    .map(|&i| f(&self.units[i]) as i64)
                    .sum(),
            )
        };
        total.push(Cell::Number(sum(|u| u.errors)));
        total.push(Cell::Number(sum(|u| u.warnings)));
        rows.push(total);
        (headings, rows)
    }

    /// CSV, UTF-8 with a byte-order mark so that Excel on Windows reads the Chinese.
    pub fn csv(&self) -> String {
        let (headings, rows) = self.table_rows();
        let mut out = String::from("\u{feff}");
        let line = |cells: Vec<String>| {
            let quoted: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
            quoted.join(",") + "\r\n"
        };
        out.push_str(&line(headings));
        for row in rows {
            out.push_str(&line(
                row.into_iter()
                    .map(|c| match c {
                        Cell::Text(t) => inert(t),
                        Cell::Number(n) => n.to_string(),
                    })
                    .collect(),
            ));
        }
        out
    }

    /// The XLSX workbook's bytes; the same aggregate gives the same bytes.
    pub fn xlsx(&self) -> Result<Vec<u8>, String> {
        let (headings, rows) = self.table_rows();
        let last = rows.len();
        let mut sheet_rows = vec![(true, headings.iter().map(|h| Value::Text(h)).collect())];
        for (r, row) in rows.iter().enumerate() {
            let cells = row
                .iter()
                .map(|cell| match cell {
                    Cell::Text(t) => Value::Text(t),
                    Cell::Number(n) => Value::Number(n.to_string()),
                })
                .collect();
            sheet_rows.push((r + 1 == last, cells));
        }
        let sheet = Sheet {
            name: "各单位情况",
            widths: (0..headings.len())
                .map(|c| if c == 1 || c == 2 { 28 } else { 12 })
                .collect(),
            rows: sheet_rows,
            frozen: (1, 2),
        };
        // Dated from the report, never from the clock (as the DOCX without a
        // publication date): the end of the report year.
        let meta = Meta {
            title: "各单位情况".into(),
            creator: self.agency.clone(),
            date: format!("{}-12-31T00:00:00Z", self.year),
        };
        workbook(&sheet, &meta)
    }
}

/// A text cell a spreadsheet would run as a formula (one starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading apostrophe, as OWASP's
/// advice on CSV injection has it: Excel and WPS then show it as text.
fn inert(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r', '\t']) || s.starts_with('\'') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_made_inert_and_quoted() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
            let cell = csv_field(&inert(s.to_string()));
            assert!(cell.starts_with("\"'"), "{s:?} gave {cell:?}");
        }
        assert_eq!(csv_field(&inert("某某县人民政府".into())), "某某县人民政府");
        assert_eq!(csv_field(&inert("a,b".into())), "\"a,b\"");
    }
}
