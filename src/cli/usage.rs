//! Usage errors in Chinese: clap's findings (kind and context) said again for a
//! clerk, with the commands and arguments named from clap's own definitions.

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

/// The whole message for a usage error, every line in Chinese.
pub fn message(e: &clap::Error, cli: &Command) -> String {
    let sub = subcommand_of(e, cli);
    let scope = sub.unwrap_or(cli);
    let mut out = format!("错误：{}\n", reason(e, scope));
    match e.kind() {
        ErrorKind::InvalidSubcommand
        | ErrorKind::MissingSubcommand
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            if sub.is_none() =>
        {
            out.push_str(&command_list(cli));
        }
        ErrorKind::UnknownArgument if sub.is_some() => {
            out.push_str(&argument_list(scope));
        }
        _ => {}
    }
    if let Some(usage) = usage_line(e) {
        let _ = writeln!(out, "用法：{}", chinese_usage(&usage, scope));
    }
    match sub {
        Some(s) => {
            let _ = writeln!(out, "（运行 nianbao {} --help 查看完整用法）", s.get_name());
        }
        None => out.push_str("（运行 nianbao --help 查看完整用法）\n"),
    }
    out
}

/// What is wrong, in one sentence.
fn reason(e: &clap::Error, scope: &Command) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg).map(|a| named(&a, scope));
    let value = text(ContextKind::InvalidValue);
    let suggestion = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|k| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        _ => None,
    })
    .map(|s| format!("；您是否想写 {s}？"))
    .unwrap_or_default();
    let arg = arg.unwrap_or_else(|| "参数".into());
    match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "没有「{}」这个命令{suggestion}",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少命令：nianbao 后面要写做什么".into()
        }
        ErrorKind::UnknownArgument if !arg.starts_with('-') => format!(
            "多写了「{}」：这个命令没有这样的参数；文件名或机关名称含空格时要用引号括起来",
            text(ContextKind::InvalidArg).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => {
            let shown = text(ContextKind::InvalidArg).unwrap_or_default();
            let owners: Vec<&str> = scope
                .get_subcommands()
                .filter(|c| arg_named(&shown, c).is_some())
                .map(Command::get_name)
                .collect();
            match owners.first() {
                Some(first) => format!(
                    "{shown} 要写在命令后面（它是 {} 命令的参数），例如 nianbao {first} {shown} …",
                    owners.join("、")
                ),
                None => format!("没有 {shown} 这个参数{suggestion}"),
            }
        }
        ErrorKind::InvalidValue if value.as_deref() == Some("") => {
            format!("{arg} 后面缺少值")
        }
        ErrorKind::InvalidValue => {
            let valid = match e.get(ContextKind::ValidValue) {
                Some(ContextValue::Strings(v)) => format!("，可选：{}", v.join("、")),
                _ => String::new(),
            };
            format!(
                "{arg} 的值「{}」不对{valid}{suggestion}",
                value.unwrap_or_default()
            )
        }
        ErrorKind::ValueValidation => {
            let value = value.unwrap_or_default();
            let expected = expected_value(e, scope);
            // 「2025年」 for a number: the number to write.
            match crate::report::written::read(&value, true) {
                Some(w) if !expected.is_empty() => {
                    format!("{arg} 的值「{value}」不对：{}", w.advice())
                }
                _ => format!("{arg} 的值「{value}」不对{expected}"),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<String> = match e.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(v)) => v.iter().map(|a| named(a, scope)).collect(),
                _ => Vec::new(),
            };
            format!("缺少必需的参数：{}", missing.join("、"))
        }
        ErrorKind::ArgumentConflict => match e.get(ContextKind::PriorArg) {
            Some(ContextValue::String(p)) if text(ContextKind::InvalidArg).as_ref() == Some(p) => {
                format!("{arg} 只能写一次")
            }
            Some(ContextValue::String(p)) => {
                format!("{arg} 和 {} 不能同时使用", named(p, scope))
            }
            Some(ContextValue::Strings(v)) => {
                let others: Vec<String> = v.iter().map(|a| named(a, scope)).collect();
                format!("{arg} 和 {} 不能同时使用", others.join("、"))
            }
            _ => format!("{arg} 不能和其他参数同时使用"),
        },
        ErrorKind::NoEquals => format!("{arg} 要用 = 连接它的值"),
        ErrorKind::TooManyValues => format!(
            "多写了「{}」：{arg} 只要一个值；文件名含空格时用引号括起来",
            value.unwrap_or_default()
        ),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的值个数不对")
        }
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".into(),
        _ => "命令行参数不对".into(),
    }
}

/// 「（应为整数）」 for an argument read as a number.
fn expected_value(e: &clap::Error, scope: &Command) -> &'static str {
    let Some(ContextValue::String(a)) = e.get(ContextKind::InvalidArg) else {
        return "";
    };
    let Some(arg) = find_arg(a, scope) else {
        return "";
    };
    let ty = arg.get_value_parser().type_id();
    if ty == std::any::TypeId::of::<u16>() {
        "：应为 0 到 65535 之间的整数"
    } else if ty == std::any::TypeId::of::<i64>() {
        "：应为整数，例如 2025"
    } else {
        ""
    }
}

/// The subcommand the error is about, from the usage line clap prints for it.
fn subcommand_of<'c>(e: &clap::Error, cli: &'c Command) -> Option<&'c Command> {
    let usage = usage_line(e)?;
    let name = usage.split_whitespace().nth(1)?;
    cli.get_subcommands().find(|c| c.get_name() == name)
}

/// clap's usage line without its English label: `nianbao new --agency <AGENCY>`.
fn usage_line(e: &clap::Error) -> Option<String> {
    let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) else {
        return None;
    };
    let usage = usage.to_string();
    let line = usage.trim().trim_start_matches("Usage:").trim();
    (!line.is_empty()).then(|| line.to_string())
}

/// The usage line with its placeholders in Chinese: `<AGENCY>` → `<机关名称>`,
/// `<COMMAND>` → `<命令>`, `[OPTIONS]` → `[选项]`.
fn chinese_usage(usage: &str, scope: &Command) -> String {
    let mut out = String::new();
    let mut rest = usage;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let shown = match name {
            "COMMAND" => "命令".to_string(),
            _ => find_arg(&format!("<{name}>"), scope)
                .or_else(|| {
                    scope
                        .get_arguments()
                        .chain(scope.get_subcommands().flat_map(Command::get_arguments))
                        .find(|a| {
                            a.get_value_names()
                                .is_some_and(|v| v.iter().any(|n| n.as_str() == name))
                        })
                })
                .map(short_help)
                .unwrap_or_else(|| name.to_string()),
        };
        out.push_str(&format!("<{shown}>"));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out.replace("[OPTIONS]", "[选项]")
}

/// An argument as clap names it (`--agency <AGENCY>`, `<FILES>...`), with its
/// Chinese description: `--agency（机关名称）`.
/// A positional argument is named by its description alone: 「报告文件」.
fn named(shown: &str, scope: &Command) -> String {
    match find_arg(shown, scope).and_then(chinese_help) {
        Some(help) if shown.starts_with(['<', '[']) => help,
        Some(help) => format!(
            "{}（{help}）",
            shown.split_whitespace().next().unwrap_or(shown)
        ),
        None => shown.to_string(),
    }
}

/// The argument that clap shows as `shown`: one of `scope`'s, else of any
/// subcommand (clap does not say which command a value error is about).
fn find_arg<'c>(shown: &str, scope: &'c Command) -> Option<&'c Arg> {
    let head = shown.split_whitespace().next()?;
    let head = head.trim_end_matches("...");
    arg_named(head, scope).or_else(|| scope.get_subcommands().find_map(|c| arg_named(head, c)))
}

fn arg_named<'c>(head: &str, scope: &'c Command) -> Option<&'c Arg> {
    scope.get_arguments().find(|a| {
        if let Some(long) = head.strip_prefix("--") {
            a.get_long() == Some(long)
        } else if let Some(short) = head.strip_prefix('-') {
            a.get_short().is_some_and(|s| short == s.to_string())
        } else if head.starts_with(['<', '[']) {
            let name = head
                .trim_start_matches(['<', '['])
                .trim_end_matches(['>', ']']);
            a.get_value_names()
                .is_some_and(|v| v.iter().any(|n| n.as_str() == name))
                || a.get_id().as_str().eq_ignore_ascii_case(name)
        } else {
            false
        }
    })
}

/// The Chinese half of a bilingual help text 「机关名称 / Agency name」: what
/// comes before the `/ ` that starts the English.
fn chinese(text: &str) -> String {
    let english = text
        .match_indices("/ ")
        .find(|(i, _)| text[i + 2..].starts_with(|c: char| c.is_ascii_alphabetic()))
        .map_or(text.len(), |(i, _)| i);
    text[..english].trim().to_string()
}

fn chinese_help(arg: &Arg) -> Option<String> {
    arg.get_help().map(|h| chinese(&h.to_string()))
}

/// A positional argument's slot: its Chinese description up to the first
/// bracket, 「报告文件或文件夹」.
fn short_help(arg: &Arg) -> String {
    let help = chinese_help(arg).unwrap_or_else(|| arg.get_id().to_string());
    help.split('（').next().unwrap_or(&help).to_string()
}

/// Every command with its Chinese description, one per line.
fn command_list(cli: &Command) -> String {
    let commands: Vec<(&str, String)> = cli
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| {
            let about = c.get_about().map(|a| chinese(&a.to_string()));
            (c.get_name(), about.unwrap_or_default())
        })
        .collect();
    let width = commands.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let mut out = String::from("可用的命令：\n");
    for (name, about) in commands {
        let _ = writeln!(out, "  {name:<width$}  {about}");
    }
    out
}

/// The arguments of a command with their Chinese descriptions.
fn argument_list(cmd: &Command) -> String {
    let args: Vec<(String, String)> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set())
        .map(|arg| {
            let name = match (arg.get_long(), arg.get_short()) {
                (Some(l), Some(s)) => format!("-{s}, --{l}"),
                (Some(l), None) => format!("--{l}"),
                (None, Some(s)) => format!("-{s}"),
                (None, None) => format!("<{}>", short_help(arg)),
            };
            (name, chinese_help(arg).unwrap_or_default())
        })
        .collect();
    let width = args.iter().map(|(n, _)| shown_width(n)).max().unwrap_or(0);
    let mut out = format!("nianbao {} 可用的参数：\n", cmd.get_name());
    for (name, help) in args {
        let pad = " ".repeat(width - shown_width(&name));
        let _ = writeln!(out, "  {name}{pad}  {help}");
    }
    out
}

/// Columns a text takes in a terminal (a Chinese character takes two).
fn shown_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}
