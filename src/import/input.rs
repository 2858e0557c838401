//! What the structured readers (HTML, DOCX, PDF) share: the size limit and the
//! errors they raise, and the clean-up of one cell's or paragraph's text.

use super::error::{ImportError, MAX_IMPORT_BYTES};

/// The largest input a reader accepts, as a length.
pub const MAX_INPUT_BYTES: usize = MAX_IMPORT_BYTES as usize;

/// Refuses an input over the import limit before anything parses it.
pub fn check_size(bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge(bytes.len() as u64));
    }
    Ok(())
}

/// Collapses runs of white space (including no-break and ideographic spaces) to
/// one ASCII space and trims the ends, line by line; empty lines are dropped.
pub fn clean_lines(text: &str) -> String {
    text.lines()
        .map(collapse_spaces)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Collapses white space within one line and trims it.
pub fn collapse_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.trim().chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}
