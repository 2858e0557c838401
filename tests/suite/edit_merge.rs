//! The editor's save against outside changes, as a property: random page edits
//! interleaved with random outside edits to the same and to other fields, at every
//! timing (typed before or after the page last loaded the file, saved before or
//! after the outside write). Every value either side committed is in the file,
//! unless a later write that had seen it replaced it, or it came back to the
//! clerk as a conflict; nothing is ever silently dropped.
//!
//! Also what a save does to the file itself: mode, owner and symlinks kept, and
//! never a file larger than the tool reads back.
//!
//! CI runs a fixed seed; a longer run:
//! `NIANBAO_MERGE_SEEDS=200 NIANBAO_MERGE_STEPS=2000 cargo test --release --test suite edit_merge`.

use std::collections::BTreeMap;
use std::path::Path;

use nianbao::edit::merge::{self, Change};
use nianbao::edit::state::fingerprint;
use nianbao::edit::write::Edit;
use nianbao::edit::{Refusal, save};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::common::*;

/// The fields both sides edit: cells, metadata, narrative and part texts and headings.
fn keys(parts: usize) -> Vec<String> {
    let mut keys: Vec<String> = ["granted", "new_requests", "carried_over"]
        .iter()
        .flat_map(|f| (0..3).map(move |c| format!("table3.{f}.{c}")))
        .collect();
    keys.extend(["report.agency", "contact.phone", "closing.signature"].map(String::from));
    keys.extend(["intro.text", "problems.text", "other.text"].map(String::from));
    for i in 0..parts {
        keys.push(format!("overview.part.{i}.text"));
        keys.push(format!("overview.part.{i}.heading"));
    }
    keys
}

/// The edit the page sends for `key`.
fn edit_for(key: &str, value: &str) -> Edit {
    let p: Vec<&str> = key.split('.').collect();
    let value = value.to_string();
    match p.as_slice() {
        ["table3", field, column] => Edit::Cell {
            table: "table3".into(),
            field: (*field).into(),
            column: column.parse().unwrap(),
            value,
        },
        [section, "text"] => Edit::Text {
            section: (*section).into(),
            part: None,
            value,
        },
        [section, "part", i, "text"] => Edit::Text {
            section: (*section).into(),
            part: Some(i.parse().unwrap()),
            value,
        },
        [section, "part", i, "heading"] => Edit::Heading {
            section: (*section).into(),
            part: i.parse().unwrap(),
            value,
        },
        _ => Edit::Meta {
            key: key.into(),
            value,
        },
    }
}

fn norm(s: &str) -> String {
    s.trim_end_matches('\n').to_string()
}

/// What the file has for `key` as the page shows it (`None`: not there).
fn value_in(doc: &DocumentMut, key: &str) -> Option<String> {
    merge::current(doc, &edit_for(key, "")).map(|v| norm(&v))
}

fn part_count(doc: &DocumentMut) -> usize {
    doc["overview"]["part"]
        .as_array_of_tables()
        .map_or(0, ArrayOfTables::len)
}

fn random_value(rng: &mut Rng, key: &str, who: &str, step: usize) -> String {
    if key.starts_with("table3") {
        return (rng.below(900) + 1).to_string();
    }
    if key.ends_with("heading") || key.contains('.') && !key.ends_with("text") {
        return format!("{who}{step}号");
    }
    match rng.below(3) {
        0 => format!("{who}第{step}稿。"),
        1 => format!("{who}第{step}稿。\n第二段，含\"引号\"。"),
        _ => format!("{who}第{step}稿：**加粗**\n- 一项；"),
    }
}

/// An outside editor's write of one value (as a text editor would save it).
fn write_outside(path: &Path, key: &str, value: &str) {
    let mut doc: DocumentMut = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let p: Vec<&str> = key.split('.').collect();
    match p.as_slice() {
        ["table3", field, column] => {
            let items = doc["table3"][*field].as_array_mut().unwrap();
            items.replace(column.parse().unwrap(), value.parse::<i64>().unwrap());
        }
        [section, "text"] => doc[*section]["text"] = toml_edit::value(format!("{value}\n")),
        [section, "part", i, field] => {
            let parts = doc[*section]["part"].as_array_of_tables_mut().unwrap();
            let text = if *field == "text" {
                format!("{value}\n")
            } else {
                value.to_string()
            };
            parts.get_mut(i.parse().unwrap()).unwrap()[*field] = toml_edit::value(text);
        }
        [table, name] => {
            if doc.get(table).is_none() {
                doc.insert(table, Item::Table(Table::new()));
            }
            doc[*table][*name] = toml_edit::value(value);
        }
        _ => unreachable!(),
    }
    std::fs::write(path, doc.to_string()).unwrap();
}

/// An outside editor adds or removes a part of 二.
fn restructure_outside(path: &Path, rng: &mut Rng, model: &mut BTreeMap<String, String>) {
    let mut doc: DocumentMut = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let parts = doc["overview"]["part"].as_array_of_tables_mut().unwrap();
    if parts.len() > 2 && rng.below(2) == 0 {
        let last = parts.len() - 1;
        parts.remove(last);
        model.remove(&format!("overview.part.{last}.text"));
        model.remove(&format!("overview.part.{last}.heading"));
    } else {
        let n = parts.len();
        let mut t = Table::new();
        t.insert("heading", Item::Value(Value::from("")));
        t.insert("text", Item::Value(Value::from("")));
        parts.push(t);
        model.insert(format!("overview.part.{n}.text"), String::new());
        model.insert(format!("overview.part.{n}.heading"), String::new());
    }
    std::fs::write(path, doc.to_string()).unwrap();
}

/// What the page holds: the version it last drew and the clerk's drafts.
struct Page {
    base: String,
    seen: BTreeMap<String, String>,
    parts: usize,
    /// key → (value shown before typing, typed value, parts shown then)
    drafts: BTreeMap<String, (String, String, usize)>,
}

impl Page {
    fn load(path: &Path) -> Page {
        let mut page = Page {
            base: String::new(),
            seen: BTreeMap::new(),
            parts: 0,
            drafts: BTreeMap::new(),
        };
        page.reload(path);
        page
    }

    fn reload(&mut self, path: &Path) {
        let bytes = std::fs::read(path).unwrap();
        let doc: DocumentMut = String::from_utf8(bytes.clone()).unwrap().parse().unwrap();
        self.base = fingerprint(&bytes);
        self.parts = part_count(&doc);
        self.seen = keys(self.parts)
            .into_iter()
            .filter_map(|k| value_in(&doc, &k).map(|v| (k, v)))
            .collect();
    }
}

fn run(seed: u64, steps: usize) -> (usize, usize) {
    let dir = TempDir::new(&format!("edit-merge-{seed}"));
    let path = new_file(dir.path(), "r.toml");
    let mut rng = Rng(seed);
    let mut page = Page::load(&path);
    // The file's committed value of every field.
    let mut model = page.seen.clone();
    let (mut merged, mut conflicts) = (0, 0);
    for step in 0..steps {
        match rng.below(10) {
            // The clerk types into a field (a draft, based on what the page shows).
            0..=3 => {
                let ks: Vec<&String> = page.seen.keys().collect();
                let key = ks[rng.below(ks.len())].clone();
                let value = random_value(&mut rng, &key, "本页", step);
                let (was, parts) = page
                    .drafts
                    .get(&key)
                    .map(|d| (d.0.clone(), d.2))
                    .unwrap_or_else(|| (page.seen[&key].clone(), page.parts));
                page.drafts.insert(key, (was, value, parts));
            }
            // The page saves some of its drafts.
            4..=5 if !page.drafts.is_empty() => {
                let keys: Vec<String> = page
                    .drafts
                    .keys()
                    .filter(|_| rng.below(2) == 0)
                    .cloned()
                    .collect();
                if keys.is_empty() {
                    continue;
                }
                let changes: Vec<Change> = keys
                    .iter()
                    .map(|k| {
                        let (was, value, parts) = &page.drafts[k];
                        let mut c = Change::from(edit_for(k, value));
                        c.was = Some(was.clone());
                        if k.contains(".part.") {
                            c.was_parts = Some(*parts);
                        }
                        c
                    })
                    .collect();
                let before: DocumentMut = std::fs::read_to_string(&path).unwrap().parse().unwrap();
                let saved = match save(&path, &page.base, &changes) {
                    Ok(s) => s,
                    Err(Refusal::Conflict { message }) => {
                        panic!("seed {seed} step {step}: {message}")
                    }
                    Err(r) => panic!("seed {seed} step {step}: {r:?}"),
                };
                let after: DocumentMut = String::from_utf8(saved.bytes).unwrap().parse().unwrap();
                assert_eq!(after.to_string(), std::fs::read_to_string(&path).unwrap());
                for k in &keys {
                    let (was, mine, _) = page.drafts[k].clone();
                    let then = value_in(&before, k);
                    let now = value_in(&after, k);
                    match saved.conflicts.iter().find(|c| &c.key == k) {
                        Some(c) => {
                            conflicts += 1;
                            // Shown to the clerk: both versions; the file kept its own.
                            assert_eq!(
                                now, then,
                                "seed {seed} step {step}: {k} changed in a conflict"
                            );
                            assert_eq!(norm(&c.mine), norm(&mine));
                            // The clerk decides at once or later: keep mine, or take the file's.
                            match rng.below(3) {
                                0 => {
                                    page.drafts.get_mut(k).unwrap().0 = norm(&c.theirs);
                                    page.drafts.get_mut(k).unwrap().2 = part_count(&after);
                                }
                                1 => {
                                    page.drafts.remove(k);
                                }
                                _ => {}
                            }
                        }
                        None => {
                            // Applied: the file had what the page showed (the outside
                            // change was elsewhere) or already had the clerk's value.
                            assert!(
                                then.as_deref() == Some(was.as_str())
                                    || then.as_deref() == Some(mine.as_str()),
                                "seed {seed} step {step}: {k} = {then:?} overwritten, page saw {was:?}"
                            );
                            assert_eq!(
                                now.as_deref(),
                                Some(norm(&mine).as_str()),
                                "seed {seed} step {step}: {k}"
                            );
                            if then.as_deref() != Some(mine.as_str())
                                && page.base != fingerprint(before.to_string().as_bytes())
                            {
                                merged += 1;
                            }
                            model.insert(k.clone(), norm(&mine));
                            page.drafts.remove(k);
                        }
                    }
                }
                // Everything else is as it was.
                for k in keys_of(&before) {
                    if !keys.contains(&k) {
                        assert_eq!(
                            value_in(&after, &k),
                            value_in(&before, &k),
                            "seed {seed} step {step}: {k}"
                        );
                    }
                }
            }
            // Someone else writes the file: one value, now and then a part added or removed.
            6..=8 => {
                if rng.below(8) == 0 {
                    restructure_outside(&path, &mut rng, &mut model);
                } else {
                    let ks: Vec<&String> = model.keys().collect();
                    let key = ks[rng.below(ks.len())].clone();
                    let value = random_value(&mut rng, &key, "同事", step);
                    write_outside(&path, &key, &value);
                    model.insert(key, value);
                }
            }
            // The page notices the outside change and draws the file again (drafts stay).
            _ => page.reload(&path),
        }
    }
    // Every committed value is in the file.
    let file: DocumentMut = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    for (k, v) in &model {
        assert_eq!(
            value_in(&file, k).as_deref(),
            Some(v.as_str()),
            "seed {seed}: {k} lost"
        );
    }
    (merged, conflicts)
}

fn keys_of(doc: &DocumentMut) -> Vec<String> {
    keys(part_count(doc))
}

#[test]
fn interleaved_page_and_outside_edits_never_drop_a_committed_value() {
    let seeds: u64 = std::env::var("NIANBAO_MERGE_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let steps: usize = std::env::var("NIANBAO_MERGE_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let (mut merged, mut conflicts) = (0, 0);
    for seed in 0..seeds {
        let (m, c) = run(0x9e37_79b9_7f4a_7c15 ^ (seed + 1), steps);
        merged += m;
        conflicts += c;
    }
    // The run exercised both outcomes, or it proves nothing.
    assert!(
        merged > 10 && conflicts > 10,
        "merged {merged}, conflicts {conflicts}"
    );
}

/// A save the page would send: one cell, against the file as it is.
fn one_cell(path: &Path, value: &str) -> Result<nianbao::edit::Saved, Refusal> {
    let bytes = std::fs::read(path).map_err(|e| Refusal::Failed {
        message: e.to_string(),
    })?;
    let change = Change::from(edit_for("table3.granted.0", value));
    save(path, &fingerprint(&bytes), &[change])
}

#[cfg(unix)]
#[test]
fn saves_keep_the_files_mode_and_write_through_a_symlink() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
    let dir = TempDir::new("edit-save-mode");
    let real = new_file(dir.path(), "real.toml");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let owner = std::fs::metadata(&real).unwrap().uid();
    one_cell(&real, "3").unwrap();
    let meta = std::fs::metadata(&real).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600, "mode kept");
    assert_eq!(meta.uid(), owner, "owner kept");
    // Edited through a link: the link stays a link, its target gets the edit.
    let link = dir.path().join("link.toml");
    symlink(&real, &link).unwrap();
    one_cell(&link, "4").unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(text.contains("granted = [4,"), "{text}");
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // No temporary file is left beside either.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("nianbao-tmp")),
        "{names:?}"
    );
}

#[test]
fn a_save_that_would_grow_the_file_past_the_read_limit_is_refused() {
    let dir = TempDir::new("edit-save-limit");
    let path = new_file(dir.path(), "r.toml");
    // A file just under the limit (a long comment), then a paragraph that would pass it.
    let mut text = std::fs::read_to_string(&path).unwrap();
    let limit = nianbao::io::MAX_REPORT_BYTES as usize;
    text.push_str("# ");
    text.push_str(&"注".repeat((limit - text.len() - 1024) / 3));
    text.push('\n');
    std::fs::write(&path, &text).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut change = Change::from(edit_for("problems.text", &"文".repeat(2000)));
    change.was = Some(String::new());
    match save(&path, &fingerprint(&before), &[change]) {
        Err(Refusal::Invalid { message, .. }) => {
            assert!(
                message.contains("8 MB") && message.contains("没有保存"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // A small edit still saves.
    one_cell(&path, "2").unwrap();
}
