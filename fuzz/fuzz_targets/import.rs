//! What the import targets share: bytes through `nianbao import` (detect, read,
//! recognise the tables, write the report file), then the written file through
//! `nianbao check`, and the published file through `nianbao check` as the CLI
//! checks one (import in memory, findings placed in the published file).

use std::path::Path;

use nianbao::diag::{Diagnostic, Origin, SourceFile};
use nianbao::import::import_bytes;

use crate::common::{assert_printable, check_file};

/// Imports `data` as a published file named `name` and checks what it gives.
pub fn import_and_check(name: &str, data: &[u8]) {
    let outcome = match import_bytes(Path::new(name), data) {
        Ok(outcome) => outcome,
        Err(e) => {
            // `nianbao import` prints the reason and exits 2.
            assert_printable(&format!("错误：{name}：{e}"), "an import error");
            return;
        }
    };
    let imported = &outcome.imported;
    // What `nianbao import` prints besides the file.
    for note in &imported.notes {
        assert_printable(&format!("导入说明：{note}"), "an import note");
    }
    assert_printable(&imported.agency, "the imported agency");

    // The report file written: no raw control character, and nianbao reads it back
    // (findings are allowed: a published 2016 report imports as a file whose year
    // `check` refuses, at its place; a file `check` cannot read at all is a bug).
    let toml = &outcome.toml;
    if let Some(c) = toml
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        panic!(
            "the written report file holds a raw U+{:04X}:\n{toml}",
            c as u32
        );
    }
    let written = SourceFile::new("fuzz.toml", toml.clone());
    // Once, without last year's report: parse_check tries R5/R6 (and the import
    // targets are slow enough already).
    let checked = check_file(&written, Vec::new(), false);
    if checked.unreadable() {
        let errors: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.render(&written))
            .collect();
        panic!(
            "nianbao cannot read the report file import wrote:\n{}\n--- the file:\n{toml}",
            errors.join("")
        );
    }

    // `nianbao check published-file`: the same file, findings at their published place.
    let notes: Vec<Diagnostic> = imported
        .notes
        .iter()
        .zip(outcome.note_places.iter().cloned())
        .map(|(n, place)| {
            let d = Diagnostic::warning("import", n.message.clone());
            match place {
                Some(p) => d.at_published(p),
                None => d,
            }
        })
        .collect();
    let mut file = SourceFile::new(format!("{name}（导入）"), toml.clone());
    file.origin = Some(Box::new(Origin {
        file: name.to_string(),
        places: outcome.places.clone(),
    }));
    // The findings are those of the written file; only their places differ.
    for d in checked.diagnostics.iter().chain(&notes) {
        assert_printable(&d.render(&file), "a diagnostic on the published file");
        let _json = d.to_json(&file);
    }
}
