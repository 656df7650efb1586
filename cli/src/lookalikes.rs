//! Arguments that look like options but are not one.

use std::ffi::OsString;

use crate::error::CliError;

/// Refuses, before clap sees them, arguments that look like options but are
/// not exactly one: a shell glob can pass a file named `-h.lic` or
/// `--help.lic`, which clap would read as `--help` and exit 0 with help,
/// turning a failing audit into a pass. Options are accepted only whole:
/// `-h`, `--json`, `--at=WHEN`; short options are never clustered. After a
/// `--`, everything is a file name.
pub(crate) fn refuse_option_lookalikes(command: &clap::Command, args: &[OsString]) -> Result<(), CliError> {
    let mut longs: Vec<String> = vec!["help".into(), "version".into()];
    let mut shorts: Vec<char> = vec!['h', 'V'];
    for sub in command.get_subcommands() {
        for arg in sub.get_arguments() {
            longs.extend(arg.get_long().map(str::to_owned));
            shorts.extend(arg.get_short());
        }
    }
    for arg in args.iter().skip(1) {
        let Some(text) = arg.to_str() else {
            // Not UTF-8: clap reports it if it is in an option's place; a file
            // name may well be such, and cannot be an option.
            continue;
        };
        if text == "--" {
            break;
        }
        if text == "-" || !text.starts_with('-') {
            continue;
        }
        let known = match text.strip_prefix("--") {
            Some(long) => longs
                .iter()
                .any(|l| long == l || long.strip_prefix(l.as_str()).is_some_and(|rest| rest.starts_with('='))),
            None => text.chars().count() == 2 && text.chars().nth(1).is_some_and(|c| shorts.contains(&c)),
        };
        if !known {
            return Err(CliError::Usage(format!(
                "{} looks like an option but is not one; to name a file that starts with a dash, put -- before the file names, or write ./{}",
                airgap_license::Quoted(text),
                airgap_license::Escaped(text)
            )));
        }
    }
    Ok(())
}
