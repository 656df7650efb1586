//! What more than one of the CLI's test modules needs.

/// Runs the test from the repository's root, where the samples are: every
/// test that reads the repository's files sets this same folder, so their
/// order does not matter (the others never depend on the process's folder).
#[allow(clippy::unwrap_used)]
pub fn at_root() {
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).unwrap();
}

/// A small deterministic generator, so that a failing instant of a kill -9
/// test can be replayed.
pub struct Lcg(pub u64);

impl Lcg {
    /// The next number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// A key made now, its public half alone in `DIR/keys/test.pem` (kid
/// `test`): the keys folder a validator is pointed at with `--keys`. The one
/// keys-folder set-up of the tests that sign their own licenses.
#[allow(clippy::unwrap_used)]
pub fn keys_folder(dir: &std::path::Path) -> ed25519_dalek::SigningKey {
    let key = airgap_license::issuer::generate_key().unwrap();
    std::fs::create_dir(dir.join("keys")).unwrap();
    let pem = airgap_license::issuer::public_key_pem("test", &key.verifying_key()).unwrap();
    std::fs::write(dir.join("keys/test.pem"), pem).unwrap();
    key
}

/// Standard output and standard error of a finished command, together.
pub fn text(output: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// A vendor in a folder of its own: a key `vendor-1` made by `keygen`
/// (`keys/`), its public half alone in `public/` (what a validator trusts),
/// and a ledger (`ledger.jsonl`) that every document is signed through. The
/// one vendor set-up of the issuer's tests.
#[cfg(feature = "issuer")]
pub struct Vendor {
    /// The vendor's folder.
    pub dir: tempfile::TempDir,
}

#[cfg(feature = "issuer")]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
impl Vendor {
    /// A new vendor, its key made.
    pub fn new() -> Vendor {
        let vendor = Vendor { dir: tempfile::tempdir().unwrap() };
        let out = vendor.issuer(&["keygen", "--kid", "vendor-1", "--out", "keys"]);
        assert!(out.status.success(), "{}", text(&out));
        std::fs::create_dir(vendor.path("public")).unwrap();
        std::fs::copy(vendor.path("keys/vendor-1.pem"), vendor.path("public/vendor-1.pem")).unwrap();
        vendor
    }

    /// A file of the vendor's folder.
    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// The issuer, run in the vendor's folder.
    pub fn issuer(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_airgap-license-issuer"))
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap()
    }

    /// A document for Acme, Enterprise until 2099-12-31 (with `more` of
    /// `new`'s flags), signed through the ledger: written as `NAME.json`
    /// and `NAME.lic`; its licenseId.
    pub fn license(&self, name: &str, more: &[&str]) -> String {
        let mut args = vec!["new", "--issued-to", "Acme", "--plan", "Enterprise", "--until", "2099-12-31"];
        args.extend_from_slice(more);
        let document = self.issuer(&args);
        assert!(document.status.success(), "{}", text(&document));
        std::fs::write(self.path(&format!("{name}.json")), &document.stdout).unwrap();
        let json = format!("{name}.json");
        let signed = self.issuer(&["sign", "--key", "keys/vendor-1.key", "--ledger", "ledger.jsonl", &json]);
        assert!(signed.status.success(), "{}", text(&signed));
        std::fs::write(self.path(&format!("{name}.lic")), &signed.stdout).unwrap();
        let body: serde_json::Value = serde_json::from_slice(&document.stdout).unwrap();
        body["licenseId"].as_str().unwrap().to_owned()
    }
}
