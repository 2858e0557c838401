//! A 其中 list that breaks down a whole the narrative states must add up to it;
//! so must a run of three or more outcomes listed after the requests answered
//! (答复申请300件，予以公开120件，不予公开15件，无法提供90件，不予处理40件).

use std::ops::Range;

use super::Statement;
use super::numbers::show;
use crate::check::place::Placed;
use crate::diag::Diagnostic;
use crate::format::quantities::Relative;
use crate::format::t3;
use crate::report::Report;

/// Whether a statement is a part of the kind a whole of this quantity breaks into.
fn is_part(whole: &Statement, part: &Statement) -> bool {
    let q = part.quantity;
    if q.table != whole.quantity.table {
        return false;
    }
    q.outcome || q.relative != Relative::No
}

pub(super) fn check(
    _report: &Report,
    source: &str,
    placed: &Placed,
    sentence: &Range<usize>,
    found: &[Statement],
    out: &mut Vec<Diagnostic>,
) {
    let raw = placed.raw();
    for (i, whole) in found.iter().enumerate() {
        if !whole.quantity.whole {
            continue;
        }
        // The list starts right after the whole: "12件，其中…" (only punctuation between).
        let mut limit = (whole.number.end + 24).min(sentence.end);
        while !raw.is_char_boundary(limit) {
            limit -= 1;
        }
        let after = &raw[whole.number.end..limit];
        let lead = after.trim_start_matches(['，', ',', '、', '：', ' ', '。', '；']);
        // Without 其中, a run of outcomes after the requests answered is their breakdown.
        let listed = !lead.starts_with("其中");
        if listed && whole.quantity.fields != [t3::TOTAL] {
            continue;
        }
        let parts: Vec<&Statement> = found[i + 1..]
            .iter()
            .take_while(|s| !s.quantity.whole)
            .filter(|s| is_part(whole, s))
            .collect();
        // Outcome categories and applicant types are separate lists; take the first kind.
        let Some(first) = parts.first() else { continue };
        let kind = first.quantity.relative;
        let parts: Vec<&Statement> = parts
            .into_iter()
            .filter(|s| s.quantity.relative == kind)
            .collect();
        let mut keys: Vec<&str> = parts.iter().map(|s| s.quantity.key).collect();
        keys.dedup();
        if keys.len() < 2 {
            continue;
        }
        let sum: f64 = parts.iter().map(|s| s.stated.value).sum();
        let total = whole.stated.value;
        // Applicants: 自然人 + 法人或其他组织 is the whole list.
        let exhaustive = keys.contains(&"natural_person") && keys.contains(&"organisations");
        if listed && (kind != Relative::No || keys.len() < 3) {
            continue;
        }
        let wrong = sum > total + 1e-9 || (sum + 1e-9 < total && (exhaustive || keys.len() >= 3));
        if !wrong {
            continue;
        }
        let Some(last) = parts.last() else {
            continue;
        };
        let list: Vec<&str> = parts.iter().map(|s| &raw[s.whole.clone()]).collect();
        out.push(
            Diagnostic::warning(
                "breakdown",
                format!(
                    "「{}」写的是“{}”，其中所列各项（{}）相加是 {}，{}“{}”",
                    placed.section,
                    &raw[whole.whole.clone()],
                    list.join("、"),
                    show(sum),
                    if sum > total { "多于" } else { "少于" },
                    whole.stated.show()
                ),
            )
            .at(placed.span(source, whole.number.start..last.number.end))
            .hint("其中所列各项之和应等于总数：补上漏写的类别，或改正各项件数"),
        );
    }
}
