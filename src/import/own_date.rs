//! The publication date a file's own metadata carries, for when the page prints
//! none under its title.
//!
//! A web page's `<meta name="PubDate">` is the date Chinese government sites
//! publish an article on (the page metadata 政府网站发展指引 asks of them);
//! `<meta name="date">` is where nianbao's own page keeps `published`. A DOCX's
//! or PDF's creation date is when it was typed, not published — except in
//! nianbao's own outputs, which say they were made by nianbao and store
//! `published` there: that date is read only when the file names nianbao as
//! its producer.

use chrono::NaiveDate;

/// Names of `<meta>` elements that carry a page's publication date (compared
/// without case).
const PAGE_DATE_NAMES: [&str; 2] = ["pubdate", "date"];

/// The date of a `<meta name=… content=…>` that names a publication date.
pub fn page_meta(name: &str, content: &str) -> Option<NaiveDate> {
    let name = name.trim().to_ascii_lowercase();
    PAGE_DATE_NAMES
        .contains(&name.as_str())
        .then(|| leading_date(content))
        .flatten()
}

/// The date at the start of a metadata value: `2023-01-06`, `2023/1/6`,
/// `2023-01-06T00:00:00Z`, `2023-01-06 10:30`, or a PDF date `D:20230106…`.
pub fn leading_date(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    if let Some(pdf) = v.strip_prefix("D:") {
        let digits = pdf.get(..8)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return NaiveDate::from_ymd_opt(
            digits[..4].parse().ok()?,
            digits[4..6].parse().ok()?,
            digits[6..8].parse().ok()?,
        );
    }
    let mut parts = v.splitn(3, ['-', '/']);
    let year = parts.next()?;
    let month = parts.next()?;
    let rest = parts.next()?;
    let day: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if year.len() != 4 || !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn metadata_dates_in_their_usual_spellings() {
        assert_eq!(page_meta("PubDate", "2023-01-06 10:30"), date(2023, 1, 6));
        assert_eq!(page_meta("date", "2023-01-06"), date(2023, 1, 6));
        assert_eq!(page_meta("description", "2023-01-06"), None);
        assert_eq!(leading_date("2023/1/6"), date(2023, 1, 6));
        assert_eq!(leading_date("2023-01-06T00:00:00Z"), date(2023, 1, 6));
        assert_eq!(leading_date("D:20230106000000Z"), date(2023, 1, 6));
        assert_eq!(leading_date("D:2023"), None);
        assert_eq!(leading_date("2023-02-30"), None);
        assert_eq!(leading_date("12-01-2023"), None);
        assert_eq!(leading_date("今天"), None);
    }
}
