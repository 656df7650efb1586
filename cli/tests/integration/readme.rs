//! The README's console examples are run as written: each block that opens
//! with ```console holds one `$ airgap-license ...` command and its exact
//! standard output.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::process::Command;

#[test]
fn the_readme_console_examples_print_what_the_readme_shows() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let mut blocks = 0;
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if line != "```console" {
            continue;
        }
        let command = lines.next().unwrap().strip_prefix("$ ").expect("a block opens with $ command");
        let expected: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        let mut words = command.split_whitespace();
        assert_eq!(words.next(), Some("airgap-license"), "{command}");
        let out = Command::new(env!("CARGO_BIN_EXE_airgap-license")).current_dir(root).args(words).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout.lines().collect::<Vec<_>>(), expected, "README: {command}");
        blocks += 1;
    }
    assert!(blocks >= 2, "only {blocks} console examples found");
}
