//! Arguments that are not what they look like: a shell glob can pass a file
//! name in an option's place.

use std::ffi::OsString;
use std::path::Path;

use crate::error::CliError;

/// Refuses, before clap sees them and before anything is read, the
/// arguments a shell glob can slip in as options:
///
/// - an argument that looks like an option but is not exactly one: a file
///   named `-h.lic` or `--help.lic`, which clap would read as `--help` and
///   exit 0 with help, turning a failing audit into a pass. Options are
///   accepted only whole: `-h`, `--json`, `--at=WHEN`; short options are
///   never clustered.
/// - an argument that is an option, in any form (`--keys=.lic`, `--keys`,
///   `--json`), and also names an existing file or folder: `*.lic` in a
///   folder holding a file named `--keys=.lic` would otherwise make the run
///   trust the keys of a hidden folder `.lic/`. Nobody types an option that
///   is also a file name in the working folder; a glob does.
///
/// After a `--`, everything is a file name.
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
        if arg == "--" {
            break;
        }
        let bytes = arg.as_encoded_bytes();
        if arg == "-" || !bytes.starts_with(b"-") {
            continue;
        }
        let Some(text) = arg.to_str() else {
            // Not UTF-8, so no option of ours: clap reports it in an
            // option's place; a file name may well be such.
            refuse_existing(arg)?;
            continue;
        };
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
        refuse_existing(arg)?;
    }
    Ok(())
}

/// An option that is also the name of an existing file or folder (a link
/// included, followed or not).
fn refuse_existing(arg: &OsString) -> Result<(), CliError> {
    if Path::new(arg).symlink_metadata().is_err() {
        return Ok(());
    }
    let text = arg.to_string_lossy();
    Err(CliError::Usage(format!(
        "{} is an option but also the name of a file or folder here, as a shell glob passes it: \
         put -- before the file names (airgap-license verify -- *.lic), or write ./{}",
        airgap_license::Quoted(&text),
        airgap_license::Escaped(&text)
    )))
}
