//! `nianbao import`: reading published reports (text, HTML, DOCX, PDF) into report files.

pub mod source;
