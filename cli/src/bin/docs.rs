//! `airgap-license-docs DIR`: writes the shell completions (bash, zsh, fish,
//! elvish, PowerShell) and the manual pages of both binaries into
//! `DIR/completions` and `DIR/man`, from the parsers' own definitions.
//! The files are checked in under `cli/docs/`; CI runs this generator again
//! and fails on a difference. Kept out of the binaries themselves, where the
//! generators would cost a tenth of the CLI's size.

use std::path::PathBuf;
use std::process::ExitCode;

use airgap_license_cli::{args, issuer::args as issuer_args};
use clap::{CommandFactory as _, ValueEnum as _};
use clap_complete::Shell;

fn main() -> ExitCode {
    let dir = std::env::args_os().nth(1).map_or_else(|| PathBuf::from("cli/docs"), PathBuf::from);
    match write(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn write(dir: &std::path::Path) -> std::io::Result<()> {
    let completions = dir.join("completions");
    let man = dir.join("man");
    std::fs::create_dir_all(&completions)?;
    std::fs::create_dir_all(&man)?;
    for (name, command) in
        [("airgap-license", args::Cli::command()), ("airgap-license-issuer", issuer_args::Cli::command())]
    {
        for shell in Shell::value_variants() {
            clap_complete::generate_to(*shell, &mut command.clone(), name, &completions)?;
        }
        let mut page = Vec::new();
        clap_mangen::Man::new(command).render(&mut page)?;
        std::fs::write(man.join(format!("{name}.1")), page)?;
    }
    Ok(())
}
