//! `nianbao fonts`: which font serves each role of the PDF, and why.

use std::path::PathBuf;

use clap::Args;

use super::exit;
use crate::render::pdf::font_report;
use crate::{errln, outln};

#[derive(Args, Debug)]
pub struct FontsArgs {
    /// 额外的字体目录 / Extra font folders
    #[arg(long = "font-dir", value_name = "DIR")]
    font_dirs: Vec<PathBuf>,
}

pub fn run(args: FontsArgs) -> u8 {
    match font_report(&args.font_dirs) {
        Ok(rows) => {
            for (role, font, reason) in rows {
                outln!("{role}：{font}");
                outln!("    {reason}");
            }
            exit::OK
        }
        Err(message) => {
            errln!("错误：{message}");
            exit::CANNOT_RUN
        }
    }
}
