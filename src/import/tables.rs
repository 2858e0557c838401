//! Tables 二, 三 and 四: every printed cell matched to its official row by label.
//!
//! A table arrives as a stream of cells in reading order — from a real table
//! (HTML, DOCX, PDF grid; rows end with [`Tok::RowEnd`]) or from lines of text
//! (one cell per line, `|` or tab rows, runs of spaces). A text cell that is not a
//! figure is a label; the figures after a row label fill that row's columns in
//! the official order. Labels are compared with the labels of `crate::format`
//! after normalising numbering, brackets and punctuation, so typos, missing
//! numbering and rows in another order still land in the right cells.

use super::cells::{MATCH, Val, classify, norm, score, verbatim};
use super::fill::{RowFill, TableFill, Tok, short_name};
use super::notes::{At, Note};
use super::place::{add_into, blank_cells, place_row, printed_list};
use crate::format::{CellKind, TableDef, TableId};

/// What a label stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Label {
    Field(usize),
    Group(&'static str),
    /// A label that is no row of the official table (an agency's own row).
    Unknown,
}

fn match_label(
    def: &TableDef,
    printed: &str,
    group: Option<&str>,
    filled: &[bool],
) -> Option<(f64, Label)> {
    let p = norm(printed);
    if p.is_empty() {
        return None;
    }
    let mut best: Option<(f64, Label)> = None;
    let mut consider = |s: f64, l: Label| {
        if s >= MATCH && best.is_none_or(|(b, _)| s > b + 1e-9) {
            best = Some((s, l));
        }
    };
    for (i, f) in def.fields.iter().enumerate() {
        let mut s = score(&p, &norm(f.label));
        // Same words in the current group, or a row not yet filled, win ties.
        if group.is_some_and(|g| f.context.contains(&g)) {
            s += 0.01;
        }
        if !filled[i] {
            s += 0.005;
        }
        consider(s, Label::Field(i));
    }
    let mut groups: Vec<&'static str> = def.fields.iter().flat_map(|f| f.context.clone()).collect();
    groups.dedup();
    for g in groups {
        consider(score(&p, &norm(g)) - 0.001, Label::Group(g));
    }
    best
}

/// A row being read.
struct Open {
    label: Label,
    /// How well the printed label matched (1 = the official words).
    score: f64,
    at: At,
    printed: String,
    vals: Vec<(Val, String, At)>,
    /// A 2021 sub-row of （六）其他处理 in a 2019-format table: added into the one row.
    sum: bool,
}

/// A header cell that spans some of the columns (表三's 「法人或其他组织」 over
/// five columns): its words and the columns printed under it, from the format.
fn column_group(def: &TableDef) -> Option<(&'static str, Vec<usize>)> {
    let columns = &def.fields[0].columns;
    let index = |t: &str| columns.iter().position(|c| norm(c.label) == norm(t));
    for (r, row) in def.rows[..def.header_rows].iter().enumerate() {
        for cell in row {
            let CellKind::Header(text) = cell.kind else {
                continue;
            };
            if cell.colspan < 2 || cell.colspan >= columns.len() || index(text).is_some() {
                continue;
            }
            let below: Vec<usize> = def
                .rows
                .get(r + 1)
                .into_iter()
                .flatten()
                .filter_map(|c| match c.kind {
                    CellKind::Header(t) => index(t),
                    _ => None,
                })
                .collect();
            if below.len() == cell.colspan {
                return Some((text, below));
            }
        }
    }
    None
}

/// The official columns in the order a table's printed header gives them, when
/// it differs from the official order (columns swapped, or 总计 not printed).
/// A header printed over two rows is read as laid out: the columns under a
/// spanning cell (「法人或其他组织」) stand where that cell stands. Table 四
/// repeats its five headings for each part; the first part is read.
fn header_columns(def: &TableDef, toks: &[Tok], notes: &mut Vec<Note>) -> Option<Vec<usize>> {
    if def.id == TableId::Two {
        return None;
    }
    let columns = &def.fields[0].columns;
    let labels: Vec<String> = columns.iter().map(|c| norm(c.label)).collect();
    let group = column_group(def);
    let under = |i: usize| group.as_ref().is_some_and(|(_, g)| g.contains(&i));
    // The top row: columns and the spanning cell (None); the row under it.
    let mut top: Vec<Option<usize>> = Vec::new();
    let mut sub: Vec<usize> = Vec::new();
    let mut reading: Vec<usize> = Vec::new();
    let mut first_at = None;
    for tok in toks {
        let Tok::Cell { text, at } = tok else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        if classify(text).is_some() {
            break;
        }
        let n = norm(text);
        if group.as_ref().is_some_and(|(g, _)| norm(g) == n) {
            if !top.contains(&None) {
                top.push(None);
            }
            continue;
        }
        let Some(i) = labels.iter().position(|l| *l == n) else {
            continue;
        };
        if reading.contains(&i) {
            if def.id == TableId::Four {
                break;
            }
            continue;
        }
        first_at.get_or_insert(*at);
        reading.push(i);
        if under(i) {
            sub.push(i);
        } else {
            top.push(Some(i));
        }
    }
    let mut order: Vec<usize> = if top.contains(&None) {
        top.iter()
            .flat_map(|c| match c {
                Some(i) => vec![*i],
                None => sub.clone(),
            })
            .collect()
    } else {
        reading
    };
    let total = def.fields[0].total;
    // 总计 spans the header rows, so where its heading falls in reading order
    // says nothing about its column: it stays last when printed at all.
    if let Some(t) = total
        && let Some(p) = order.iter().position(|i| *i == t)
    {
        order.remove(p);
        order.push(t);
    }
    let figures = toks.iter().any(
        |t| matches!(t, Tok::Cell { text, .. } if matches!(classify(text), Some(Val::Num { .. }))),
    );
    let complete = (0..labels.len()).all(|i| Some(i) == total || order.contains(&i));
    if !figures {
        return None;
    }
    if !complete || order.iter().copied().eq(0..labels.len()) {
        return None;
    }
    let name = short_name(def.id);
    if !order.windows(2).all(|w| w[0] < w[1]) {
        let printed: Vec<&str> = order.iter().map(|i| columns[*i].label).collect();
        notes.push(Note::new(
            first_at,
            format!(
                "{name}表头的列顺序与官方格式不同（原文依次为：{}），各列数字按表头名称填入",
                printed.join("、")
            ),
        ));
    }
    if let Some(t) = total
        && !order.contains(&t)
    {
        let total = columns[t].label;
        notes.push(Note::new(
            first_at,
            format!("{name}表头没有「{total}」列，各行{total}由工具计算"),
        ));
    }
    Some(order)
}

/// Recognises one table from its cells. `blanks_dropped` says the source
/// cannot show empty cells (plain text), so a short row may have lost one.
pub fn recognise(
    def: &'static TableDef,
    toks: &[Tok],
    blanks_dropped: bool,
    notes: &mut Vec<Note>,
) -> Option<TableFill> {
    let mut reader = Reader::new(def, blanks_dropped, header_columns(def, toks, notes));
    for tok in toks {
        match tok {
            Tok::RowEnd => reader.row_end(notes),
            Tok::Cell { text, at } => reader.cell(text, *at, notes),
        }
    }
    reader.close(notes);
    reader.place_loose(notes);
    reader.headers_only(notes);
    reader.labelled_blank_rows(notes);
    reader.finish(notes)
}

/// The state of reading one table's cells in order.
struct Reader {
    def: &'static TableDef,
    name: &'static str,
    blanks_dropped: bool,
    /// The printed column order, when the header says it differs.
    columns: Option<Vec<usize>>,
    fill: TableFill,
    /// The group (（六）其他处理 …) of the last row label.
    group: Option<&'static str>,
    /// The row being read: its label and the figures after it.
    open: Option<Open>,
    /// Figures that follow no row label.
    loose: Vec<(Val, String, At)>,
    /// Any figure seen at all.
    any: bool,
    /// Labels read that match an official label well (headers included).
    headers_seen: usize,
    /// Blank grid cells outside a labelled row, kept until the row shows figures.
    row_blanks: Vec<(Val, String, At)>,
    row_has_figure: bool,
    /// The last label read and how well it matched on its own.
    pending: Option<(String, At, f64)>,
    /// The official column headings (a header cell is no empty row).
    column_labels: Vec<String>,
    /// Rows whose own label was printed with no figure after it (an empty row).
    labelled_blank: Vec<Option<At>>,
    /// The header cell over several columns (「法人或其他组织」) and its columns.
    spanned: Option<(&'static str, Vec<usize>)>,
    /// Short rows (text dropped their blank cells) whose figures leave exactly
    /// the spanned columns blank: noted once for the table.
    group_blank: Vec<(usize, At)>,
}

impl Reader {
    fn new(def: &'static TableDef, blanks_dropped: bool, columns: Option<Vec<usize>>) -> Self {
        Reader {
            def,
            name: short_name(def.id),
            blanks_dropped,
            columns,
            fill: TableFill {
                def,
                rows: vec![None; def.fields.len()],
            },
            group: None,
            open: None,
            loose: Vec::new(),
            any: false,
            headers_seen: 0,
            row_blanks: Vec::new(),
            row_has_figure: false,
            pending: None,
            column_labels: def
                .fields
                .iter()
                .flat_map(|f| f.columns.iter().map(|c| c.label.to_string()))
                .collect(),
            labelled_blank: vec![None; def.fields.len()],
            spanned: column_group(def),
            group_blank: Vec::new(),
        }
    }

    fn place_row(
        &mut self,
        i: usize,
        vals: &[(Val, String, At)],
        at: At,
        notes: &mut Vec<Note>,
    ) -> RowFill {
        let mut row_notes = Vec::new();
        let row = place_row(
            self.def,
            i,
            vals,
            at,
            self.blanks_dropped,
            self.columns.as_deref(),
            &mut row_notes,
        );
        let short = self.blanks_dropped && self.columns.is_none() && vals.len() < row.cells.len();
        if short && self.group_left_blank(&row, vals.len()) {
            self.group_blank.push((i, at));
        } else {
            notes.append(&mut row_notes);
        }
        row
    }

    /// A short row of `printed` figures that leaves room for every spanned
    /// column to be blank: all its figures 0, or placed with the total printed
    /// and every figure outside the spanned columns.
    fn group_left_blank(&self, row: &RowFill, printed: usize) -> bool {
        let Some((_, cols)) = &self.spanned else {
            return false;
        };
        if printed + cols.len() > row.cells.len() {
            return false;
        }
        let zero = |c: usize| row.cells[c].value.as_deref().is_none_or(|v| v == "0");
        if (0..row.cells.len()).all(zero) {
            return true;
        }
        let total_printed = self.def.fields[0]
            .total
            .is_none_or(|t| row.cells_at[t].is_some());
        total_printed && cols.iter().all(|c| row.cells_at[*c].is_none() || zero(*c))
    }

    /// One note for all the rows whose spanned columns were left blank.
    fn note_group_blank(&self, notes: &mut Vec<Note>) {
        let (Some((group, _)), Some((_, first))) = (&self.spanned, self.group_blank.first()) else {
            return;
        };
        let rows: String = self
            .group_blank
            .iter()
            .map(|(i, at)| format!("「{}」（{at}）", self.def.fields[*i].full_label()))
            .collect();
        notes.push(Note::new(
            Some(*first),
            format!(
                "{}有 {} 行只印了部分数字，「{group}」各列空白（纯文本略去了空白格）：{rows}；空白格按 0 写入，请核对",
                self.name,
                self.group_blank.len()
            ),
        ));
    }

    /// The end of a table row (real tables only).
    fn row_end(&mut self, notes: &mut Vec<Note>) {
        if self.row_has_figure {
            self.loose.append(&mut self.row_blanks);
        }
        self.row_blanks.clear();
        self.row_has_figure = false;
        self.pending = None;
        self.close(notes);
    }

    /// One cell: a figure (or a blank grid cell) goes to the open row, a label opens a row.
    fn cell(&mut self, text: &str, at: At, notes: &mut Vec<Note>) {
        let blank_in_grid = !self.blanks_dropped && text.trim().is_empty();
        if text.trim().is_empty() && !blank_in_grid {
            return;
        }
        match classify(text) {
            Some(v) => self.figure((v, text.trim().to_string(), at), blank_in_grid),
            None => self.label(text, at, notes),
        }
    }

    fn figure(&mut self, entry: (Val, String, At), blank_in_grid: bool) {
        match &mut self.open {
            Some(o) => o.vals.push(entry),
            // Outside a labelled row, a blank grid cell counts only in a
            // row of figures (table 四's one row under its headers).
            None if blank_in_grid => self.row_blanks.push(entry),
            None => {
                self.loose.append(&mut self.row_blanks);
                self.loose.push(entry);
                self.row_has_figure = true;
            }
        }
        if !blank_in_grid {
            self.pending = None;
            self.any = true;
        }
    }

    /// A row label: matched alone, or joined to the label before it when a
    /// label is split over two cells or lines (「5.要求行政机关确认或重新出具」「已获取信息」).
    fn label(&mut self, text: &str, at: At, notes: &mut Vec<Note>) {
        let def = self.def;
        let filled: Vec<bool> = self.fill.rows.iter().map(Option::is_some).collect();
        let mut printed = text.trim().to_string();
        let mut label_at = at;
        let alone = match_label(def, text, self.group, &filled);
        let joined = self
            .pending
            .as_ref()
            .map(|(p, pat, own)| (format!("{p}{printed}"), *pat, *own))
            .and_then(|(j, pat, own)| {
                match_label(def, &j, self.group, &filled).map(|m| (m, j, pat, own))
            });
        let mut found = alone;
        if let Some((m, j, pat, own)) = joined
            && alone.is_none_or(|a| m.0 > a.0)
            && m.0 > own
        {
            found = Some(m);
            printed = j;
            label_at = pat;
            self.open = None;
        }
        self.close(notes);
        self.pending = Some((printed.clone(), label_at, found.map_or(0.0, |f| f.0)));
        let (score, mut l) = found.unwrap_or((0.0, Label::Unknown));
        let mut sum = false;
        if l == Label::Unknown
            && let Some(i) = split_other_row(def, &printed)
        {
            l = Label::Field(i);
            sum = true;
        }
        if score >= 0.95 {
            self.headers_seen += 1;
        }
        if let Label::Group(g) = l {
            self.group = Some(g);
        }
        if let Label::Field(i) = l
            && let Some(g) = def.fields[i].context.last()
        {
            self.group = Some(g);
        }
        self.open = Some(Open {
            label: l,
            score: if sum { 1.0 } else { score },
            at: label_at,
            printed,
            vals: Vec::new(),
            sum,
        });
    }

    /// Ends the open row: its figures go to the row its label names.
    fn close(&mut self, notes: &mut Vec<Note>) {
        let Some(o) = self.open.take() else { return };
        let (def, name) = (self.def, self.name);
        // Table 四 labels no row: 「行政复议」 beside empty grid cells is its
        // header with a merge the agency left split, not a row of blanks.
        let header_of_four =
            def.id == TableId::Four && o.vals.iter().all(|(_, printed, _)| printed.is_empty());
        if o.vals.is_empty() || header_of_four {
            if let Label::Field(i) = o.label
                && def.id != TableId::Four
                && o.score >= 0.95
                && !self
                    .column_labels
                    .contains(&o.printed.split_whitespace().collect::<String>())
            {
                self.labelled_blank[i].get_or_insert(o.at);
            }
            return;
        }
        let Some(i) = self.field_of(&o, notes) else {
            return;
        };
        if o.sum {
            let row = self.place_row(i, &o.vals, o.at, notes);
            notes.push(Note::new(
                Some(o.at),
                format!(
                    "{name}按 2021 版格式分行印出「{}」，其数字合计到「{}」",
                    o.printed,
                    def.fields[i].full_label()
                ),
            ));
            match &mut self.fill.rows[i] {
                Some(existing) => add_into(existing, &row),
                slot => *slot = Some(row),
            }
        } else if self.fill.rows[i].is_some() {
            notes.push(Note::new(
                Some(o.at),
                format!(
                    "{name}「{}」重复出现，已保留第一次的数字，这一行未导入",
                    def.fields[i].full_label()
                ),
            ));
        } else {
            if !verbatim(&o.printed, def.fields[i].label) {
                notes.push(Note::new(
                    Some(o.at),
                    format!(
                        "{name}行标签「{}」与官方标签不完全相同，按「{}」读取；请核对",
                        o.printed,
                        def.fields[i].full_label()
                    ),
                ));
            }
            self.fill.rows[i] = Some(self.place_row(i, &o.vals, o.at, notes));
        }
    }

    /// The field a closed row's figures go to; `None` when they go nowhere
    /// (noted) or are loose (table 四 without row labels).
    fn field_of(&mut self, o: &Open, notes: &mut Vec<Note>) -> Option<usize> {
        let (def, name) = (self.def, self.name);
        match o.label {
            Label::Field(i) => Some(i),
            Label::Unknown if def.id != TableId::Four => {
                notes.push(Note::new(
                    Some(o.at),
                    format!(
                        "{name}「{}」不是官方格式中的行，其后的数字（{}）未导入",
                        o.printed,
                        printed_list(&o.vals)
                    ),
                ));
                None
            }
            Label::Unknown => {
                self.loose.extend(o.vals.iter().cloned());
                None
            }
            Label::Group(g) => {
                // A group printed as one row (2021 reports printing （六）其他处理 as in 2019).
                let other = def
                    .fields
                    .iter()
                    .position(|f| f.context.last() == Some(&g) && norm(f.label) == "其他");
                match other {
                    Some(i) => notes.push(Note::new(Some(o.at), format!(
                        "{name}「{}」印成一行（旧格式），其数字计入「{}」；请核对是否应分到该组的其他行",
                        o.printed, def.fields[i].full_label()
                    ))),
                    None => self.loose.extend(o.vals.iter().cloned()),
                }
                other
            }
        }
    }

    /// Figures without row labels: table 四 prints its one row of figures
    /// under headers only; anywhere else they are noted.
    fn place_loose(&mut self, notes: &mut Vec<Note>) {
        if self.loose.is_empty() {
            return;
        }
        let (def, name) = (self.def, self.name);
        let loose = std::mem::take(&mut self.loose);
        let all_empty = self.fill.rows.iter().all(Option::is_none);
        if def.id == TableId::Four && all_empty {
            let width = self
                .columns
                .as_ref()
                .map_or(def.fields[0].columns.len(), Vec::len);
            for (n, chunk) in loose.chunks(width).enumerate() {
                if n < def.fields.len() {
                    self.fill.rows[n] = Some(self.place_row(n, chunk, chunk[0].2, notes));
                } else {
                    notes.push(Note::new(
                        Some(chunk[0].2),
                        format!(
                            "{name}多出 {} 个数字（{}），未导入",
                            chunk.len(),
                            printed_list(chunk)
                        ),
                    ));
                }
            }
        } else {
            notes.push(Note::new(
                Some(loose[0].2),
                format!(
                    "{name}有 {} 个数字找不到所属的行（{}），未导入；请核对这些格子",
                    loose.len(),
                    printed_list(&loose)
                ),
            ));
        }
    }

    /// Table 四 printed with its headers and no figures at all: an empty table.
    fn headers_only(&mut self, notes: &mut Vec<Note>) {
        if self.def.id == TableId::Four && !self.any && self.headers_seen >= 2 {
            notes.push(Note::new(
                None,
                format!(
                    "{}只印了表头，没有数字（空白）：按 0 写入并加了注释",
                    self.name
                ),
            ));
            for (i, field) in self.def.fields.iter().enumerate() {
                self.fill.rows[i] = Some(RowFill {
                    cells: blank_cells(field),
                    at: At::default(),
                    cells_at: Vec::new(),
                });
            }
        }
    }

    /// Rows printed with their label but no figures: blank cells, written as 0.
    fn labelled_blank_rows(&mut self, notes: &mut Vec<Note>) {
        let mut blank_rows = Vec::new();
        for (i, at) in self.labelled_blank.iter().enumerate() {
            if let Some(at) = *at
                && self.fill.rows[i].is_none()
            {
                let field = &self.def.fields[i];
                self.fill.rows[i] = Some(RowFill {
                    cells: blank_cells(field),
                    at,
                    cells_at: Vec::new(),
                });
                blank_rows.push(format!("「{}」", field.full_label()));
            }
        }
        if !blank_rows.is_empty() {
            notes.push(Note::new(
                None,
                format!(
                    "{}有 {} 行只印了行标签、没有数字（空白）：{}；按 0 写入并加了注释",
                    self.name,
                    blank_rows.len(),
                    blank_rows.join("")
                ),
            ));
        }
    }

    /// The table, unless no row at all was found; the rows not found are noted.
    fn finish(self, notes: &mut Vec<Note>) -> Option<TableFill> {
        if self.fill.rows.iter().all(Option::is_none) {
            return None;
        }
        self.note_group_blank(notes);
        let missing: Vec<String> = self
            .def
            .fields
            .iter()
            .zip(&self.fill.rows)
            .filter(|(_, r)| r.is_none())
            .map(|(f, _)| format!("「{}」", f.full_label()))
            .collect();
        if !missing.is_empty() {
            notes.push(Note::new(
                None,
                format!(
                    "{}没有找到 {} 行：{}；这些行按 0 写入并加了注释，请对照原文填写",
                    self.name,
                    missing.len(),
                    missing.join("")
                ),
            ));
        }
        Some(self.fill)
    }
}

/// In a 2019-format table 三, the field （六）其他处理 when `printed` is one of the
/// rows the 2021 format splits it into.
fn split_other_row(def: &TableDef, printed: &str) -> Option<usize> {
    if def.id != TableId::Three {
        return None;
    }
    let newer = crate::format::table_def(def.version.successor()?, TableId::Three);
    let other = def
        .fields
        .iter()
        .position(|f| f.context.len() == 1 && norm(f.label) == "其他处理")?;
    let p = norm(printed);
    newer
        .fields
        .iter()
        .filter(|f| f.context.iter().any(|g| norm(g) == "其他处理"))
        .any(|f| score(&p, &norm(f.label)) >= MATCH)
        .then_some(other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{FormatVersion, table_def};

    #[test]
    fn typos_land_in_their_row() {
        let def = table_def(FormatVersion::V2021, TableId::Three);
        let filled = vec![false; def.fields.len()];
        let i = def.field_index("denied_prohibited_by_law");
        assert_eq!(
            match_label(def, "2.其他法律行政止公开", None, &filled).map(|m| m.1),
            Some(Label::Field(i))
        );
    }
}
