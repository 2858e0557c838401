//! A published report reduced to what import reads: blocks of text and tables in
//! reading order, each with its place in the original file.
//!
//! Every reader (plain text, HTML, DOCX, PDF) produces a [`SourceDoc`]; the
//! recogniser turns a `SourceDoc` into a report file. Readers keep the published
//! text verbatim (no re-punctuation) and never guess figures.

/// Which kind of file a report came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Text,
    Html,
    Docx,
    Pdf,
    Ofd,
}

impl SourceKind {
    /// How the kind is named to the user.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "文本",
            Self::Html => "HTML",
            Self::Docx => "DOCX",
            Self::Pdf => "PDF",
            Self::Ofd => "OFD",
        }
    }
}

/// Where something stands in the published file, as a user can find it there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Place {
    /// 1-based page (PDF and OFD only).
    pub page: Option<usize>,
    /// 1-based line: of the file for text and HTML, of the page for PDF and OFD,
    /// the paragraph number for DOCX.
    pub line: Option<usize>,
    /// `line` counts paragraphs (DOCX): shown as 「第N段」.
    pub paragraph: bool,
}

/// One cell of a source table, as published (an origin cell with its spans).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceCell {
    /// The cell's text, lines joined with '\n', surrounding white space trimmed.
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
}

/// One block of the published report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (or one line of running text).
    Para { text: String, at: Place },
    /// A table whose cell structure the file records (HTML, DOCX, a PDF grid):
    /// rows of origin cells; cells covered by a span are not repeated.
    Table {
        rows: Vec<Vec<SourceCell>>,
        at: Place,
    },
}

/// A whole published report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceDoc {
    pub kind: SourceKind,
    pub blocks: Vec<Block>,
    /// What the reader noticed about the file itself (a broken page tree), at
    /// its place: import notes ahead of the recogniser's.
    pub notes: Vec<(Place, String)>,
    /// The publication date the file's metadata gives (a page's
    /// `<meta name="PubDate">`, nianbao's own DOCX and PDF: see `own_date`).
    pub published: Option<chrono::NaiveDate>,
    /// The blocks the file itself marks as the report (a saved web page's
    /// article element); the rest is the site around it. `None` when the file
    /// marks none.
    pub report: Option<std::ops::Range<usize>>,
}

impl SourceDoc {
    /// Drops the control characters a page or document carried (stray bytes, `&#x17;`),
    /// keeping tabs and line breaks: a report file holds none. Returns how many went,
    /// and the place of the first.
    pub fn drop_control_characters(&mut self) -> Option<(usize, Place)> {
        fn clean(text: &mut String) -> usize {
            let before = text.chars().count();
            text.retain(|c| matches!(c, '\t' | '\n') || !c.is_control());
            before - text.chars().count()
        }
        let mut dropped = 0;
        let mut first = None;
        for block in &mut self.blocks {
            let (n, at) = match block {
                Block::Para { text, at } => (clean(text), *at),
                Block::Table { rows, at } => {
                    let n = rows.iter_mut().flatten().map(|c| clean(&mut c.text)).sum();
                    (n, *at)
                }
            };
            if n > 0 {
                dropped += n;
                first.get_or_insert(at);
            }
        }
        first.map(|at| (dropped, at))
    }
}
