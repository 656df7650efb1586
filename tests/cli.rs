//! The command line, case by case: each `tests/cmd/*.trycmd` file holds
//! commands with their exact output and exit code (`? N`), and each `*.toml`
//! a case that needs standard input. After an intended change in output,
//! `TRYCMD=overwrite cargo test --test cli` rewrites them; review the diff.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.trycmd").case("tests/cmd/*.toml");
}
