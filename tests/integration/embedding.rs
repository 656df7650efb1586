//! Builds that embed a keys folder, run as real Cargo builds of the product
//! in `tests/embed-product/`: a folder holding a private key (whatever its
//! name), a `.pem` that is not a public key, or no key fails the build,
//! naming the file; a missing folder fails naming where it looked; a stray
//! file beside the keys is not embedded, not one byte of it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;
use std::process::{Command, Output};

const SAMPLE_PEM: &str = include_str!("../../keys/sample-2026.pem");
const SAMPLE_PRIVATE: &str = include_str!("../../licenses-sample/sample-2026.key");

/// Builds the product with `AIRGAP_LICENSE_KEYS_DIR` set to `keys`.
fn build_with(keys: &Path) -> Output {
    build_dated(keys, &[])
}

/// Builds the product with `AIRGAP_LICENSE_KEYS_DIR` set to `keys` and the
/// release-date variables `dates` (the others removed).
fn build_dated(keys: &Path, dates: &[(&str, &str)]) -> Output {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut command = Command::new(env!("CARGO"));
    command
        .args(["build", "--manifest-path"])
        .arg(format!("{root}/tests/embed-product/Cargo.toml"))
        .arg("--target-dir")
        .arg(format!("{root}/target/embed-product"))
        .env("AIRGAP_LICENSE_KEYS_DIR", keys)
        .env_remove("AIRGAP_LICENSE_CATALOG")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("AIRGAP_LICENSE_RELEASE_DATE");
    for (name, value) in dates {
        command.env(name, value);
    }
    command.output().unwrap()
}

/// What the product built last prints.
fn run_product() -> String {
    let binary = format!("{}/target/embed-product/debug/embed-product", env!("CARGO_MANIFEST_DIR"));
    String::from_utf8(Command::new(binary).output().unwrap().stdout).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// One test, so that the builds run one after another in one target folder.
#[test]
fn builds_that_embed_keys_refuse_what_is_not_a_public_key() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    std::fs::create_dir(&keys).unwrap();
    std::fs::write(keys.join("acme-2027.pem"), SAMPLE_PEM).unwrap();

    // A stray file beside the key, with a marker that must not reach the binary.
    let marker = "STRAY-FILE-MARKER-6d1f0e3b9a";
    std::fs::write(keys.join("README.txt"), format!("notes {marker}\n")).unwrap();
    std::fs::create_dir(keys.join("old")).unwrap();
    std::fs::write(keys.join("old/retired.pem"), format!("{SAMPLE_PEM}{marker}\n")).unwrap();
    let built = build_with(&keys);
    assert!(built.status.success(), "{}", stderr(&built));
    // The build log names each embedded key with its fingerprint.
    assert!(stderr(&built).contains("trusting key acme-2027 SHA256:bfe96e2a"), "{}", stderr(&built));
    let binary =
        std::fs::read(format!("{}/target/embed-product/debug/embed-product", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let found = |needle: &[u8]| binary.windows(needle.len()).any(|w| w == needle);
    assert!(found(b"MCowBQYDK2VwAyEA0PsiYNJVxCbjpvMLU1W47EcsmbgzatngDpPqH++2xEU="), "the public key is embedded");
    assert!(!found(marker.as_bytes()), "a byte of a stray file reached the binary");
    let private_body = SAMPLE_PRIVATE.lines().nth(1).unwrap();
    assert!(!found(private_body.as_bytes()), "no private key in the binary");

    // The release date: AIRGAP_LICENSE_RELEASE_DATE first (the product's own
    // word beats a build system's SOURCE_DATE_EPOCH), then SOURCE_DATE_EPOCH,
    // then the build day; a value that is not a date fails the build, named.
    let dated =
        build_dated(&keys, &[("SOURCE_DATE_EPOCH", "1798761600"), ("AIRGAP_LICENSE_RELEASE_DATE", "2026-12-31")]);
    assert!(dated.status.success(), "{}", stderr(&dated));
    assert!(run_product().contains("release 2026-12-31"), "{}", run_product());
    assert!(
        stderr(&dated).contains("release date 2026-12-31 (from AIRGAP_LICENSE_RELEASE_DATE)"),
        "{}",
        stderr(&dated)
    );
    let dated = build_dated(&keys, &[("SOURCE_DATE_EPOCH", "1798761600")]);
    assert!(dated.status.success(), "{}", stderr(&dated));
    assert!(run_product().contains("release 2027-01-01"), "{}", run_product());
    // Nix's default SOURCE_DATE_EPOCH (1980) and any day before 2000 fail
    // the build, naming the variable to set.
    for (variable, value) in [("SOURCE_DATE_EPOCH", "315532800"), ("AIRGAP_LICENSE_RELEASE_DATE", "1999-12-31")] {
        let refused = build_dated(&keys, &[(variable, value)]);
        assert!(!refused.status.success(), "{variable}={value} was taken");
        let message = stderr(&refused);
        assert!(message.contains(variable) && message.contains("set AIRGAP_LICENSE_RELEASE_DATE="), "{message}");
    }
    let before = airgap_license::chrono::Utc::now().date_naive();
    let dated = build_dated(&keys, &[]);
    assert!(dated.status.success(), "{}", stderr(&dated));
    let printed = run_product();
    let after = airgap_license::chrono::Utc::now().date_naive();
    // The build day (either side of midnight UTC, should the build span it).
    assert!(
        printed.contains(&format!("release {before}")) || printed.contains(&format!("release {after}")),
        "{printed}"
    );
    let refused = build_dated(&keys, &[("AIRGAP_LICENSE_RELEASE_DATE", "2026-02-30")]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("AIRGAP_LICENSE_RELEASE_DATE"), "{}", stderr(&refused));

    // A private key beside the public one, named .key, then named .pem, then
    // named like anything else, in a subfolder: each fails, naming the file.
    for name in ["acme-2027.key", "backup.pem", "notes.txt", "old/deep.bin"] {
        let path = keys.join(name);
        std::fs::write(&path, SAMPLE_PRIVATE).unwrap();
        let refused = build_with(&keys);
        assert!(!refused.status.success(), "{name} was accepted");
        let message = stderr(&refused);
        assert!(message.contains("holds a PRIVATE key"), "{name}: {message}");
        assert!(message.contains(&path.to_string_lossy().into_owned()), "{name} not named: {message}");
        std::fs::remove_file(&path).unwrap();
    }

    // A .pem that is not an Ed25519 public key; a weak key; no key at all.
    std::fs::write(keys.join("broken.pem"), "not a key\n").unwrap();
    let refused = build_with(&keys);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("broken.pem"), "{}", stderr(&refused));
    // The identity point, a small-order key, in SubjectPublicKeyInfo form.
    let weak = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n-----END PUBLIC KEY-----\n";
    std::fs::write(keys.join("broken.pem"), weak).unwrap();
    let refused = build_with(&keys);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("broken.pem") && stderr(&refused).contains("weak"), "{}", stderr(&refused));
    std::fs::remove_file(keys.join("broken.pem")).unwrap();
    std::fs::remove_file(keys.join("acme-2027.pem")).unwrap();
    let refused = build_with(&keys);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("no *.pem public keys"), "{}", stderr(&refused));

    // A folder that does not exist: the error says where it looked.
    let missing = dir.path().join("no-such-keys");
    let refused = build_with(&missing);
    assert!(!refused.status.success());
    let message = stderr(&refused);
    assert!(
        message.contains(&missing.to_string_lossy().into_owned()) && message.contains("does not exist"),
        "{message}"
    );
}

/// A product that calls `embedded!()` but forgot its build script gets a
/// compile error that says what to add, not Cargo's "OUT_DIR not defined".
#[test]
fn a_forgotten_build_script_is_named_at_compile_time() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let manifest = std::fs::read_to_string(format!("{root}/tests/embed-product/Cargo.toml"))
        .unwrap()
        .replace("path = \"../..\"", &format!("path = {root:?}"));
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(format!("{root}/tests/embed-product/Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::copy(format!("{root}/tests/embed-product/src/main.rs"), dir.path().join("src/main.rs")).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--manifest-path"])
        .arg(dir.path().join("Cargo.toml"))
        .arg("--target-dir")
        .arg(format!("{root}/target/embed-product"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("airgap_license::embedded!() needs a build script: add build.rs"),
        "{}",
        stderr(&output)
    );
}
