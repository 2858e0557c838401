//! What the document says about itself: written in the Info dictionary
//! (writer.rs) and in the XMP packet (xmp.rs).

/// Document information.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// The program that made the file.
    pub creator: &'a str,
    /// The language of the text (BCP 47).
    pub lang: &'a str,
    /// Publication date (year, month, day); none gives no dates.
    pub date: Option<(u16, u8, u8)>,
}
