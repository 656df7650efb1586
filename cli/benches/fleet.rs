//! Fleet audit throughput on 10,000 license files: `airgap-license verify
//! DIR` as a whole process (start-up, reading, decoding, strict checks, the
//! report, on every core) against a single-threaded in-process loop of bare
//! `verify_strict` over the same 10,000 messages. The goal is at least 1.8x
//! the loop on two cores.
//!
//! Four more figures say what bounds that ratio:
//! - `ceiling`: bare `verify_strict` over the messages in memory, on every
//!   core: what the machine's cores give for the check itself, whatever the
//!   program around it.
//! - `reading`: opening and reading every file on one thread, nothing else.
//! - `floor`: on every core, each thread opens and reads its share of the
//!   files and runs bare `verify_strict` on messages prepared beforehand. No
//!   decoding, no parsing, no report: the least any audit through files must
//!   pay on this machine.
//! - `library in memory`: `Validator::verify` and `License::status` on every
//!   core over the 10,000 texts already in memory: the library's own scaling.
//!
//! Every in-process pass spreads its work over many stack positions, as
//! `benches/verify.rs` does (the check's speed depends on where the stack
//! sits). The five rounds alternate the six passes; the medians are printed.
//!
//! `cargo bench --features issuer --bench fleet`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::as_conversions)]

#[path = "../../benches/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::io::Read as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use airgap_license::chrono::{DateTime, Utc};
use airgap_license::issuer::{Issuer, public_key_pem};
use airgap_license::{KeyStore, TrustedKey, Validator};
use common::{bare_check_of, median, spread_over_depths};
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};

const LICENSES: usize = 10_000;

/// One license: its file, its text, and the message and signature inside.
struct Case {
    path: PathBuf,
    text: String,
    message: Vec<u8>,
    signature: Signature,
}

/// Seconds for `work` to run on `threads` threads, thread `t` taking every
/// `threads`-th case from the `t`-th, spread over stack positions.
fn on_threads(threads: usize, cases: &[Case], work: impl Fn(&Case) + Sync) -> f64 {
    let start = Instant::now();
    std::thread::scope(|scope| {
        for first in 0..threads {
            let work = &work;
            scope.spawn(move || {
                let share: Vec<&Case> = cases.iter().skip(first).step_by(threads).collect();
                spread_over_depths(&share, |case| work(case));
            });
        }
    });
    start.elapsed().as_secs_f64()
}

fn bare_check(key: &VerifyingKey, case: &Case) {
    black_box(key.verify_strict(black_box(&case.message), black_box(&case.signature))).unwrap();
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (keys, licenses) = (dir.path().join("keys"), dir.path().join("licenses"));
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::create_dir_all(&licenses).unwrap();
    let key = SigningKey::from_bytes(&[5u8; 32]);
    std::fs::write(keys.join("bench.pem"), public_key_pem("bench", &key.verifying_key()).unwrap()).unwrap();
    let issuer = Issuer::new("bench", key.clone()).unwrap();

    let verifying = key.verifying_key();
    let mut store = KeyStore::new();
    store.insert(TrustedKey::new("bench", verifying).unwrap()).unwrap();
    let validator = Validator::with_keys(store).unwrap();

    // Distinct documents, so no two checks are of the same message.
    let mut cases = Vec::with_capacity(LICENSES);
    for i in 0..LICENSES {
        let document = format!(
            r#"{{"licenseId":"00000000-0000-4000-8000-{i:012}","issuedTo":"Customer {i}","issued":"2026-01-01","expiration":"2036-12-31","licenseAttributes":{{"LicensedPlan":"Enterprise","LicenseType":"Production"}}}}"#
        );
        let text = format!("{}\n", issuer.sign(document.as_bytes()).unwrap());
        let path = licenses.join(format!("{i:05}.lic"));
        std::fs::write(&path, &text).unwrap();
        let (_, message, signature) = bare_check_of(&validator, &text);
        cases.push(Case { path, text, message, signature });
    }
    let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    let bare_loop = || {
        let start = Instant::now();
        spread_over_depths(&cases, |case| bare_check(&verifying, case));
        start.elapsed().as_secs_f64()
    };
    let ceiling = || on_threads(threads, &cases, |case| bare_check(&verifying, case));
    let floor = || {
        on_threads(threads, &cases, |case| {
            let mut text = Vec::with_capacity(8192);
            std::fs::File::open(&case.path).unwrap().read_to_end(&mut text).unwrap();
            black_box(&text);
            bare_check(&verifying, case);
        })
    };
    let read_only = || {
        let start = Instant::now();
        let mut text = Vec::with_capacity(8192);
        for case in &cases {
            text.clear();
            std::fs::File::open(&case.path).unwrap().read_to_end(&mut text).unwrap();
            black_box(&text);
        }
        start.elapsed().as_secs_f64()
    };
    let library = || {
        on_threads(threads, &cases, |case| {
            black_box(validator.verify(black_box(&case.text)).unwrap().status(now));
        })
    };
    let cli = || {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_airgap-license"))
            .args(["verify", "--at", "2026-06-01", "--keys"])
            .arg(&keys)
            .arg(&licenses)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        start.elapsed().as_secs_f64()
    };

    let (mut loops, mut ceilings, mut reads, mut floors, mut libraries, mut clis) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..5 {
        loops.push(bare_loop());
        ceilings.push(ceiling());
        reads.push(read_only());
        floors.push(floor());
        libraries.push(library());
        clis.push(cli());
    }
    let (bare, ceiling, read, floor, library, audit) =
        (median(loops), median(ceilings), median(reads), median(floors), median(libraries), median(clis));
    let per_second = |seconds: f64| LICENSES as f64 / seconds;
    println!("licenses: {LICENSES}, threads: {threads}");
    println!("bare verify_strict loop, one thread:        {:>7.0} licenses/s", per_second(bare));
    println!("airgap-license verify DIR (whole process):  {:>7.0} licenses/s", per_second(audit));
    println!("  ratio to the loop:                          {:>5.2}x", bare / audit);
    println!("ceiling: bare check in memory, threads:     {:>7.0} licenses/s", per_second(ceiling));
    println!("  ratio to the loop:                          {:>5.2}x", bare / ceiling);
    println!("  the audit's speed / the ceiling's:         {:>5.2}", ceiling / audit);
    println!("reading the files only, one thread:         {:>7.1} µs per file", read * 1e6 / LICENSES as f64);
    println!("floor: read each file + bare check, threads: {:>7.0} licenses/s", per_second(floor));
    println!("  ratio to the loop:                          {:>5.2}x", bare / floor);
    println!("  the audit's share of the floor's speed (goal >= 0.85): {:>5.2}", floor / audit);
    println!("library in memory, verify + status, threads: {:>7.0} licenses/s", per_second(library));
    println!("  ratio to the loop:                          {:>5.2}x", bare / library);
}
