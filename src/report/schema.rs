//! The report file's keys outside the three tables — `[report]`, `[contact]`
//! and `[closing]` — each defined once: its TOML name, its label, the kind of
//! value it takes, whether it must be given, and its comment in a fresh file.
//! The parser, the template writer, the editor and the import writer all read
//! them from here.

/// The kind of value a key takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// A one-line text.
    Line,
    /// A report year: a four-digit integer.
    Year,
    /// A date: `2025-01-20`.
    Date,
    /// `true` or `false`.
    Bool,
}

/// What the editor's form offers for a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Any text.
    Free,
    /// One of the kinds of body (`format::bodies`), or left out.
    Body,
    /// One of the built-in profiles, or left out (a profile file's path
    /// already in the file is offered as well).
    Profile,
}

/// A key of the report file outside the tables.
#[derive(Debug)]
pub struct Key {
    /// The TOML table it sits in: `report`, `contact` or `closing`.
    pub table: &'static str,
    /// Its TOML name within that table.
    pub name: &'static str,
    /// Its label, as messages and the template's comments name it.
    pub label: &'static str,
    /// Its label in the editor's form.
    pub form_label: &'static str,
    pub kind: KeyKind,
    /// The file must give it.
    pub required: bool,
    /// Shown in the editor's form (a text, year or date key).
    pub form: bool,
    /// What the form offers for it: free text, or a choice.
    pub choice: Choice,
    /// The template's comment beside it (`{label}` is the label, `{year}` the
    /// report year, `{next}` the year after, `{kinds}` the kinds of body);
    /// empty for the label alone.
    pub comment: &'static str,
}

impl Key {
    const fn new(table: &'static str, name: &'static str, label: &'static str) -> Key {
        Key {
            table,
            name,
            label,
            form_label: label,
            kind: KeyKind::Line,
            required: false,
            form: true,
            choice: Choice::Free,
            comment: "",
        }
    }

    /// `table.name`, as the editor addresses it.
    pub fn path(&self) -> String {
        format!("{}.{}", self.table, self.name)
    }

    /// The template's comment for a report of `year`.
    pub fn comment_for(&self, year: i64) -> String {
        if self.comment.is_empty() {
            return self.label.to_string();
        }
        self.comment
            .replace("{label}", self.label)
            .replace("{kinds}", &crate::format::bodies::BodyKind::names())
            .replace("{year}", &year.to_string())
            .replace("{next}", &(year + 1).to_string())
    }

    /// The editor's form shows text, year and date keys.
    pub fn in_form(&self) -> bool {
        self.kind != KeyKind::Bool && self.form
    }
}

/// The `[report]` table.
pub const REPORT: &str = "report";
/// The `[contact]` table.
pub const CONTACT: &str = "contact";
/// The `[closing]` table.
pub const CLOSING: &str = "closing";

pub const AGENCY: Key = Key {
    required: true,
    ..Key::new(REPORT, "agency", "机关名称")
};
pub const YEAR: Key = Key {
    kind: KeyKind::Year,
    required: true,
    comment: "{label}：统计 {year}年1月1日至12月31日",
    ..Key::new(REPORT, "year", "报告年度")
};
pub const PUBLISHED: Key = Key {
    kind: KeyKind::Date,
    comment: "{label}：应在 {next}年1月31日前",
    ..Key::new(REPORT, "published", "发布日期")
};
pub const TITLE: Key = Key {
    form_label: "标题（可省略）",
    ..Key::new(REPORT, "title", "标题")
};
pub const TOWNSHIP: Key = Key {
    kind: KeyKind::Bool,
    comment: "乡镇人民政府、街道办事处填 true",
    ..Key::new(REPORT, "township", "乡镇、街道")
};

pub const BODY: Key = Key {
    form_label: "机关类别（可省略）",
    choice: Choice::Body,
    comment: "{label}：{kinds}之一；省略时按机关名称判断（决定发布期限和应写内容）",
    ..Key::new(REPORT, "body", "机关类别")
};
pub const PROFILE: Key = Key {
    form_label: "地区要求（可省略）",
    choice: Choice::Profile,
    comment: "{label}：按本地区通知另行检查，写内置的名称（如 \"甘肃武威\"）或地区要求文件相对本文件的路径；省略时不检查",
    ..Key::new(REPORT, "profile", "地区要求")
};
pub const PREVIOUS: Key = Key {
    form_label: "上年报告文件（可省略）",
    comment: "{label}：相对本文件的路径；写了，check 和 build 就与上年报告比较，不必再加 --previous",
    ..Key::new(REPORT, "previous", "上年报告文件")
};
pub const COMPARE_PREVIOUS: Key = Key {
    kind: KeyKind::Bool,
    comment: "生成 HTML、DOCX、PDF 时在报告末尾附上与上年数据比较的附表（不属于规定格式）填 true，需同时写 previous",
    ..Key::new(REPORT, "compare_previous", "附上与上年比较")
};

/// `[report]`, in the order of the file and the form.
pub const REPORT_KEYS: [&Key; 9] = [
    &AGENCY,
    &YEAR,
    &PUBLISHED,
    &TITLE,
    &TOWNSHIP,
    &BODY,
    &PREVIOUS,
    &COMPARE_PREVIOUS,
    &PROFILE,
];

/// `[contact]`, in the order they are printed.
pub const CONTACT_KEYS: [Key; 6] = [
    Key::new(CONTACT, "address", "地址"),
    Key::new(CONTACT, "postcode", "邮编"),
    Key::new(CONTACT, "phone", "电话"),
    Key::new(CONTACT, "fax", "传真"),
    Key::new(CONTACT, "email", "电子邮箱"),
    Key::new(CONTACT, "website", "网址"),
];

pub const CLOSING_TEXT: Key = Key {
    form_label: "结束语",
    ..Key::new(CLOSING, "text", "结束语")
};
pub const SIGNATURE: Key = Key {
    form_label: "落款机关",
    ..Key::new(CLOSING, "signature", "落款")
};
pub const CLOSING_DATE: Key = Key {
    kind: KeyKind::Date,
    ..Key::new(CLOSING, "date", "落款日期")
};

/// The closing text when `closing.text` is left out.
pub const CLOSING_DEFAULT: &str = "特此报告。";

/// `[closing]`, in the order of the file and the form.
pub const CLOSING_KEYS: [&Key; 3] = [&CLOSING_TEXT, &SIGNATURE, &CLOSING_DATE];

/// Every key outside the tables, in the order of the editor's form.
pub fn all() -> impl Iterator<Item = &'static Key> {
    REPORT_KEYS
        .into_iter()
        .chain(CONTACT_KEYS.iter())
        .chain(CLOSING_KEYS)
}

/// The key at `table.name`.
pub fn find(path: &str) -> Option<&'static Key> {
    let (table, name) = path.split_once('.')?;
    all().find(|k| k.table == table && k.name == name)
}

/// The TOML names of the keys of one table, for unknown-key messages.
pub fn names(keys: impl IntoIterator<Item = &'static Key>) -> Vec<&'static str> {
    keys.into_iter().map(|k| k.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_defined_once() {
        let paths: Vec<String> = all().map(Key::path).collect();
        for (i, p) in paths.iter().enumerate() {
            assert!(!paths[..i].contains(p), "{p} twice");
            assert_eq!(find(p).map(Key::path).as_ref(), Some(p));
        }
        assert_eq!(
            YEAR.comment_for(2024),
            "报告年度：统计 2024年1月1日至12月31日"
        );
        assert_eq!(AGENCY.comment_for(2024), "机关名称");
    }
}
