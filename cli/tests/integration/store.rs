//! The store through the command line: every exit code of activate,
//! regenerate, status (with no FILE), deactivate and events; the clock mark
//! under a faked clock (faketime); kill -9 at random instants; commands run
//! at once; a busy and a corrupt store.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use crate::util::{Lcg, text};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use airgap_license::issuer::Issuer;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_airgap-license");
const A: &str = "11111111-1111-4111-8111-111111111111";
const B: &str = "22222222-2222-4222-8222-222222222222";

/// A key trusted through `--keys`, licenses signed by it, and a store folder.
struct Bench {
    dir: tempfile::TempDir,
    issuer: Issuer,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().unwrap();
        let key = crate::util::keys_folder(dir.path());
        Bench { dir, issuer: Issuer::new("test", key).unwrap() }
    }

    fn keys(&self) -> PathBuf {
        self.dir.path().join("keys")
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// Writes a license file and returns its path.
    fn license(&self, name: &str, doc: Value) -> PathBuf {
        let mut full = json!({
            "issuedTo": "Acme", "licenseAttributes": {"LicensedPlan": "Enterprise", "LicenseType": "Production"},
        });
        for (k, v) in doc.as_object().unwrap() {
            full[k] = v.clone();
        }
        let path = self.dir.path().join(format!("{name}.lic"));
        fs::write(&path, self.issuer.sign(full.to_string().as_bytes()).unwrap()).unwrap();
        path
    }

    fn plain(&self, name: &str, id: &str, issued: &str) -> PathBuf {
        self.license(name, json!({"licenseId": id, "issued": issued, "expiration": "2036-12-31"}))
    }

    /// Runs `command` with the store and, where it takes them, the keys.
    fn run(&self, command: &str, args: &[&str]) -> Output {
        self.run_with(None, command, args)
    }

    fn run_with(&self, faked: Option<&str>, command: &str, args: &[&str]) -> Output {
        let mut cmd = match faked {
            Some(when) => {
                let mut c = Command::new("faketime");
                c.arg(when).arg(BIN);
                c
            }
            None => Command::new(BIN),
        };
        cmd.arg(command).arg("--store").arg(self.store());
        if matches!(command, "activate" | "regenerate" | "status") {
            cmd.arg("--keys").arg(self.keys());
        }
        cmd.args(args).output().unwrap()
    }

    fn state(&self) -> Option<Vec<u8>> {
        fs::read(self.store().join("state.json")).ok()
    }

    fn events(&self) -> Vec<Value> {
        let out = self.run("events", &[]);
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn every_exit_code_of_activate_and_the_store_left_as_it_was() {
    let b = Bench::new();
    // 1: not a license; the store is not even created (nor any folder).
    let junk = b.dir.path().join("junk.lic");
    fs::write(&junk, "junk").unwrap();
    assert_eq!(code(&b.run("activate", &[path(&junk)])), Some(1));
    assert!(!b.store().exists(), "a refused activation created the store");
    // 0: in effect, stored.
    let a = b.plain("a", A, "2026-01-01");
    let out = b.run("activate", &["--license-id", A, path(&a)]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("activated: valid: \"Acme\""), "{}", text(&out));
    let stored = b.state().unwrap();
    // 1: a licenseId that is not the document's.
    let out = b.run("activate", &["--license-id", B, path(&a)]);
    assert_eq!(code(&out), Some(1), "{}", text(&out));
    assert!(text(&out).contains("refused, the store left as it was"), "{}", text(&out));
    // 1: an older copy of the active license.
    let older = b.plain("older", A, "2025-06-01");
    assert_eq!(code(&b.run("activate", &[path(&older)])), Some(1));
    // 3: expired.
    let expired = b.license("expired", json!({"licenseId": B, "issued": "2020-01-01", "expiration": "2020-12-31"}));
    assert_eq!(code(&b.run("activate", &[path(&expired)])), Some(3));
    // 5: issued years from now: the clock cannot be trusted.
    let future = b.license("future", json!({"licenseId": B, "issued": "2099-01-01", "expiration": "2099-12-31"}));
    assert_eq!(code(&b.run("activate", &[path(&future)])), Some(5));
    // 2: a file that is not there; a usage error.
    assert_eq!(code(&b.run("activate", &["no-such.lic"])), Some(2));
    assert_eq!(b.state().unwrap(), stored, "a refusal changed the store");
    // 4: not yet in effect: stored.
    let pending = b.license(
        "pending",
        json!({"licenseId": B, "issued": "2026-01-01", "notBefore": "2035-01-01", "expiration": "2036-12-31"}),
    );
    let out = b.run("activate", &["--json", path(&pending)]);
    assert_eq!(code(&out), Some(4), "{}", text(&out));
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((body["verdict"].as_str(), body["stored"].as_bool()), (Some("notYetInEffect"), Some(true)));
    assert_ne!(b.state().unwrap(), stored);
    let out = b.run("status", &[]);
    assert_eq!(code(&out), Some(4), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("scimServer                            PENDING"));
    let types: Vec<String> = b.events().iter().map(|e| e["event"]["type"].as_str().unwrap().to_owned()).collect();
    assert_eq!(
        types,
        [
            "license.activate",
            "license.refuse",
            "license.refuse",
            "license.refuse",
            "license.refuse",
            "license.activate"
        ]
    );
}

#[test]
fn regenerate_status_and_deactivate_through_the_cli() {
    let b = Bench::new();
    // status with no active license: the unlicensed map, the store named, exit 1.
    let out = b.run("status", &["--json"]);
    assert_eq!(code(&out), Some(1));
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["status"]["licensed"], false);
    assert_eq!(body["status"]["scimServer"], "DISABLED");
    assert!(String::from_utf8_lossy(&out.stderr).contains(path(&b.store())), "{}", text(&out));
    // regenerate with nothing active: 1.
    let a = b.plain("a", A, "2026-01-01");
    assert_eq!(code(&b.run("regenerate", &[path(&a)])), Some(1));
    assert_eq!(code(&b.run("activate", &[path(&a)])), Some(0));
    // Not a successor: 1, store unchanged.
    let before = b.state().unwrap();
    let other = b.plain("other", B, "2026-02-01");
    assert_eq!(code(&b.run("regenerate", &[path(&other)])), Some(1));
    assert_eq!(b.state().unwrap(), before);
    // A successor by supersedes: 0; then A is refused everywhere.
    let successor = b.license(
        "successor",
        json!({"licenseId": B, "issued": "2026-03-01", "expiration": "2036-12-31", "supersedes": [A]}),
    );
    let out = b.run("regenerate", &[path(&successor)]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("regenerated: valid:"));
    let renewed_a = b.plain("renewed-a", A, "2026-04-01");
    let out = b.run("activate", &["--json", path(&renewed_a)]);
    assert_eq!(code(&out), Some(1));
    let body: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["errors"]["fieldErrors"]["licenseId"][0]["code"], "[superseded]licenseId");
    // status of the active license: 0, and --at judged like the clock.
    assert_eq!(code(&b.run("status", &[])), Some(0));
    assert_eq!(code(&b.run("status", &["--at", "2037-06-01"])), Some(3));
    // deactivate: 0, and 0 again with a note.
    let out = b.run("deactivate", &[]);
    assert_eq!(code(&out), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("deactivated: license 22222222"));
    let out = b.run("deactivate", &[]);
    assert_eq!(code(&out), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing to deactivate"));
    assert_eq!(code(&b.run("status", &[])), Some(1));
    // A FILE and --store together are a usage error.
    assert_eq!(code(&b.run("status", &[path(&a)])), Some(2));
    // Every event line has the webhook shape and a distinct id.
    let events = b.events();
    let ids: std::collections::BTreeSet<&str> = events.iter().map(|e| e["event"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), events.len());
    assert!(events.iter().any(|e| e["event"]["type"] == "license.regenerate" && e["event"]["previousLicenseId"] == A));
}

fn has_faketime() -> bool {
    Command::new("faketime").args(["now", "true"]).status().is_ok_and(|s| s.success())
}

#[test]
fn a_clock_wound_back_under_faketime_is_untrusted() {
    if !has_faketime() {
        assert!(std::env::var_os("CI").is_none(), "faketime is required in CI (.ci/run installs it)");
        return;
    }
    let b = Bench::new();
    let a = b.plain("a", A, "2026-01-01");
    assert_eq!(code(&b.run("activate", &[path(&a)])), Some(0));
    // Twenty hours back: within the 24-hour tolerance.
    let out = b.run_with(Some("20 hours ago"), "status", &[]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    // Three days back: exit 5, every feature UNKNOWN, licensed.
    for _ in 0..2 {
        let out = b.run_with(Some("3 days ago"), "status", &["--json"]);
        assert_eq!(code(&out), Some(5), "{}", text(&out));
        let body: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(body["status"]["licensed"], true);
        assert_eq!(body["status"]["scimServer"], "UNKNOWN");
        assert!(String::from_utf8_lossy(&out.stderr).contains("latest time this store has seen"), "{}", text(&out));
    }
    // Logged once for the episode.
    let untrusted = b.events().iter().filter(|e| e["event"]["type"] == "license.clock.untrusted").count();
    assert_eq!(untrusted, 1);
    // Activation under the wound-back clock is refused; deactivate keeps the mark.
    let b2 = b.plain("b2", B, "2026-01-01");
    assert_eq!(code(&b.run_with(Some("3 days ago"), "activate", &[path(&b2)])), Some(5));
    assert_eq!(code(&b.run("deactivate", &[])), Some(0));
    assert_eq!(code(&b.run_with(Some("3 days ago"), "activate", &[path(&b2)])), Some(5));
    // A clock moved forward a week moves the mark: three days before it is
    // untrusted from then on, and so is the real clock.
    assert_eq!(code(&b.run_with(Some("+7 days"), "status", &[])), Some(1));
    assert_eq!(code(&b.run_with(Some("+4 days"), "activate", &[path(&b2)])), Some(5));
    assert_eq!(code(&b.run_with(Some("+7 days"), "activate", &[path(&b2)])), Some(0));
    assert_eq!(code(&b.run("status", &[])), Some(5));
}

#[test]
fn kill_9_at_random_instants_leaves_the_old_state_or_the_new_one() {
    let b = Bench::new();
    let first = b.plain("first", A, "2026-01-01");
    // How long a command that writes takes on this machine today: the kills
    // land at random instants up to twice that, so that about half land
    // mid-command and half after it, however fast or loaded the machine is.
    let started = std::time::Instant::now();
    for _ in 0..3 {
        assert_eq!(code(&b.run("activate", &[path(&first)])), Some(0));
        assert_eq!(code(&b.run("deactivate", &[])), Some(0));
    }
    let span = u64::try_from(started.elapsed().as_micros() / 6 * 2).unwrap().max(1_000);
    assert_eq!(code(&b.run("activate", &[path(&first)])), Some(0));
    let mut random = Lcg(0x5eed_2026);
    let mut issued = chrono_day("2026-01-01");
    let (mut killed, mut finished) = (0, 0);
    for round in 0..300 {
        let before: Value = serde_json::from_slice(&b.state().unwrap()).unwrap();
        // The next command: a renewal (regenerate), or deactivate then activate.
        let (command, file, expect_issued) = match round % 3 {
            0 | 1 => {
                issued = issued.succ_opt().unwrap();
                let day = issued.to_string();
                (
                    if before["active"].is_null() { "activate" } else { "regenerate" },
                    Some(b.plain(&format!("r{round}"), A, &day)),
                    Some(day),
                )
            }
            _ => ("deactivate", None, None),
        };
        let mut cmd = Command::new(BIN);
        cmd.arg(command).arg("--store").arg(b.store());
        if let Some(file) = &file {
            cmd.arg("--keys").arg(b.keys()).arg(file);
        }
        let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(random.below(span)));
        match child.try_wait().unwrap() {
            Some(_) => finished += 1,
            None => {
                child.kill().unwrap();
                killed += 1;
            }
        }
        let _ = child.wait();
        // The invariant: the state file is whole, and holds the old state or the new one.
        let bytes = b.state().expect("the state file never disappears");
        let after: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("round {round}: torn state ({e})"));
        let was = before["active"]["issued"].clone();
        match (command, expect_issued) {
            ("deactivate", _) => {
                assert!(after["active"].is_null() || after["active"] == before["active"], "round {round}")
            }
            (_, Some(day)) => {
                let now = &after["active"]["issued"];
                assert!(*now == json!(day) || *now == was, "round {round}: {now} is neither {was} nor {day}");
            }
            _ => unreachable!(),
        }
        // And the store still works: status judges whatever it holds.
        let status = b.run("status", &[]);
        assert!(matches!(code(&status), Some(0 | 1)), "round {round}: {}", text(&status));
        // A killed renewal may have left the file at the old issued: keep counting from the file.
        if let Some(day) = after["active"]["issued"].as_str() {
            issued = issued.max(chrono_day(day));
        }
    }
    println!("kill -9: {killed} killed, {finished} finished");
    // Enough kills landed mid-command for the test to mean something.
    assert!(killed > 50 && finished > 20, "killed {killed}, finished {finished}");
    // The event log stays readable: torn lines are skipped.
    assert!(!b.events().is_empty());
}

fn chrono_day(text: &str) -> airgap_license::chrono::NaiveDate {
    airgap_license::parse_date("day", text).unwrap()
}

#[test]
fn commands_at_once_are_serialised_and_lose_no_update() {
    let b = Bench::new();
    let ids: Vec<String> = (0..8).map(|i| format!("{i:08}-0000-4000-8000-000000000000")).collect();
    let files: Vec<PathBuf> =
        ids.iter().enumerate().map(|(i, id)| b.plain(&format!("c{i}"), id, "2026-01-01")).collect();
    let children: Vec<_> = files
        .iter()
        .flat_map(|file| {
            let activate = Command::new(BIN)
                .args(["activate", "--store", path(&b.store()), "--keys", path(&b.keys()), path(file)])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let status = Command::new(BIN)
                .args(["status", "--store", path(&b.store()), "--keys", path(&b.keys())])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            [activate, status]
        })
        .collect();
    for (i, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        if i % 2 == 0 {
            assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        } else {
            assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
        }
    }
    // Every activation is remembered: none overwrote another's update.
    let state: Value = serde_json::from_slice(&b.state().unwrap()).unwrap();
    for id in &ids {
        assert_eq!(state["seen"][id], "2026-01-01", "{id} lost");
    }
    let activations = b.events().iter().filter(|e| e["event"]["type"] == "license.activate").count();
    assert_eq!(activations, 8);
}

#[test]
fn a_busy_store_waits_then_exits_2_and_a_corrupt_one_is_never_reset() {
    let b = Bench::new();
    let a = b.plain("a", A, "2026-01-01");
    assert_eq!(code(&b.run("activate", &[path(&a)])), Some(0));
    let holder = fs::OpenOptions::new().write(true).open(b.store().join("lock")).unwrap();
    holder.lock().unwrap();
    let started = Instant::now();
    let out = b.run("status", &[]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
    assert!(text(&out).contains("busy"), "{}", text(&out));
    assert!(started.elapsed() >= Duration::from_secs(4), "waited {:?}", started.elapsed());
    holder.unlock().unwrap();
    drop(holder);
    // Corrupt: exit 2, a clear message, and the file as it was.
    fs::write(b.store().join("state.json"), b"{ not json").unwrap();
    for command in ["status", "activate", "deactivate"] {
        let args: &[&str] = if command == "activate" { &[path(&a)] } else { &[] };
        let out = b.run(command, args);
        assert_eq!(code(&out), Some(2), "{command}: {}", text(&out));
        assert!(text(&out).contains("corrupt"), "{command}: {}", text(&out));
    }
    assert_eq!(fs::read(b.store().join("state.json")).unwrap(), b"{ not json");
    // An event log that cannot be read: events exits 2; the verdicts do not care.
    fs::remove_file(b.store().join("state.json")).unwrap();
    fs::remove_file(b.store().join("events.jsonl")).unwrap();
    fs::create_dir(b.store().join("events.jsonl")).unwrap();
    let out = b.run("events", &[]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
    assert!(text(&out).contains("events.jsonl"), "{}", text(&out));
    let out = b.run("activate", &[path(&a)]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: the event could not be logged"), "{}", text(&out));
    // A store path that is a file.
    let out = Command::new(BIN).args(["status", "--store", path(&a)]).output().unwrap();
    assert_eq!(code(&out), Some(2));
    assert!(text(&out).contains("not a folder"), "{}", text(&out));
}

/// A link or a FIFO planted at a store file: exit 2 at once, naming it, and
/// the file a link points to untouched.
#[cfg(unix)]
#[test]
fn planted_links_and_fifos_exit_2_naming_the_file() {
    for name in ["state.json", "lock"] {
        for planted in ["link", "fifo"] {
            let b = Bench::new();
            let a = b.plain("a", A, "2026-01-01");
            assert_eq!(code(&b.run("activate", &[path(&a)])), Some(0));
            let victim = b.dir.path().join("victim");
            fs::write(&victim, "precious").unwrap();
            let file = b.store().join(name);
            fs::remove_file(&file).unwrap();
            if planted == "link" {
                std::os::unix::fs::symlink(&victim, &file).unwrap();
            } else {
                assert!(Command::new("mkfifo").arg(&file).status().unwrap().success());
            }
            let started = Instant::now();
            for (command, args) in
                [("status", vec![]), ("activate", vec![path(&a)]), ("deactivate", vec![]), ("clock-reset", vec![])]
            {
                let out = b.run(command, &args);
                assert_eq!(code(&out), Some(2), "{planted} at {name}, {command}: {}", text(&out));
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(stderr.contains(name), "{stderr}");
                let what = if planted == "link" { "symbolic link" } else { "not a regular file" };
                assert!(stderr.contains(what), "{stderr}");
            }
            assert!(started.elapsed() < Duration::from_secs(10), "nothing blocked");
            assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        }
    }
}

/// A store folder that group or others can write: exit 2, with the fix.
#[cfg(unix)]
#[test]
fn a_store_folder_others_can_write_exits_2_with_the_fix() {
    use std::os::unix::fs::PermissionsExt as _;
    let b = Bench::new();
    let a = b.plain("a", A, "2026-01-01");
    assert_eq!(code(&b.run("activate", &[path(&a)])), Some(0));
    let mode = fs::metadata(b.store()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "a folder the store makes");
    fs::set_permissions(b.store(), fs::Permissions::from_mode(0o777)).unwrap();
    let out = b.run("status", &[]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
    assert!(text(&out).contains("group or others can write it (mode 0777)"), "{}", text(&out));
    assert!(text(&out).contains("chmod go-w"), "{}", text(&out));
}

/// One status with the clock at 2099 locks the machine out (exit 5 ever
/// after); clock-reset is the way out, and says so; the rest is kept.
#[test]
fn clock_reset_undoes_a_clock_that_ran_ahead() {
    let b = Bench::new();
    let a = b.plain("a", A, "2026-01-01");
    assert_eq!(code(&b.run("activate", &[path(&a)])), Some(0));
    // (In 2099 the license has expired: exit 3; the mark moves all the same.)
    assert_eq!(code(&b.run_with(Some("2099-01-01 00:00:00"), "status", &[])), Some(3));
    let out = b.run("status", &[]);
    assert_eq!(code(&out), Some(5), "{}", text(&out));
    let out = b.run("clock-reset", &[]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("reset: was 2099-01-01T00:00:00Z, now "), "{said}");
    assert!(said.contains("logged as license.clock.reset"), "{said}");
    assert_eq!(code(&b.run("status", &[])), Some(0));
    let reset = b.events().into_iter().find(|e| e["event"]["type"] == "license.clock.reset").unwrap();
    assert_eq!(reset["event"]["previousMarkInstant"], json!(4_070_908_800_000_i64));
    // --at outside the years 1970 to 9999 is a usage error, nothing recorded.
    let before = b.state();
    let out = b.run("status", &["--at", "1969-12-31"]);
    assert_eq!(code(&out), Some(2), "{}", text(&out));
    assert!(text(&out).contains("outside the years 1970 to 9999"), "{}", text(&out));
    assert_eq!(b.state(), before);
}

/// `events` streams: a 250 MB log is printed in far less memory than its size.
#[test]
fn events_stream_a_large_log_in_bounded_memory() {
    let b = Bench::new();
    let a = b.plain("a", A, "2026-01-01");
    assert_eq!(code(&b.run("activate", &[path(&a)])), Some(0));
    let log = b.store().join("events.jsonl");
    let line = fs::read_to_string(&log).unwrap();
    let line = line.lines().next().unwrap();
    {
        use std::io::Write as _;
        let mut file = std::io::BufWriter::new(fs::OpenOptions::new().append(true).open(&log).unwrap());
        let mut written = 0;
        while written < 250 * 1024 * 1024 {
            writeln!(file, "{line}").unwrap();
            written += line.len() + 1;
        }
        // A torn line, and a line far longer than any event, are skipped.
        writeln!(file, "{{\"event\": {{\"id\": \"torn").unwrap();
        writeln!(file, "{}", "x".repeat(3 * 1024 * 1024)).unwrap();
        writeln!(file, "{line}").unwrap();
    }
    // The child's peak resident memory, as its parent sees it (Python's
    // resource module: getrusage of the children).
    let script = format!(
        "import resource, subprocess, sys\n\
         p = subprocess.run([{bin:?}, 'events', '--store', {store:?}], stdout=subprocess.PIPE)\n\
         lines = p.stdout.count(b'\\n')\n\
         print(p.returncode, lines, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n",
        bin = BIN,
        store = b.store().to_str().unwrap()
    );
    let out = Command::new("python3").arg("-c").arg(&script).output().unwrap();
    let said = String::from_utf8(out.stdout).unwrap();
    let fields: Vec<u64> = said.split_whitespace().map(|f| f.parse().unwrap()).collect();
    let expected_lines = u64::try_from(250 * 1024 * 1024 / (line.len() + 1) + 3).unwrap();
    assert_eq!(fields[0], 0, "{said}");
    assert!(fields[1] >= expected_lines - 1 && fields[1] <= expected_lines, "{said}: {expected_lines}");
    assert!(fields[2] < 50 * 1024, "peak {} KiB for a 250 MB log", fields[2]);
}

/// The JSON of `events` (and of every --json output) writes a bidi override
/// or a line separator from a license as an escape, never raw.
#[test]
fn json_output_escapes_what_a_terminal_would_obey() {
    let b = Bench::new();
    let hostile = "Acme\u{202e}gnp.exe\u{2028}\u{85}";
    let lic = b.license(
        "hostile",
        json!({"licenseId": A, "issued": "2026-01-01", "expiration": "2036-12-31", "issuedTo": hostile}),
    );
    let out = b.run("activate", &["--json", path(&lic)]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    let outputs = [
        out.stdout,
        b.run("events", &[]).stdout,
        Command::new(BIN).args(["verify", "--json", "--keys", path(&b.keys()), path(&lic)]).output().unwrap().stdout,
        Command::new(BIN).args(["inspect", "--json", path(&lic)]).output().unwrap().stdout,
        Command::new(BIN).args(["explain", "--json", "--keys", path(&b.keys()), path(&lic)]).output().unwrap().stdout,
    ];
    for stdout in outputs {
        let text = String::from_utf8(stdout).unwrap();
        assert!(!text.contains('\u{202e}') && !text.contains('\u{2028}') && !text.contains('\u{85}'), "{text}");
        assert!(text.contains("Acme\\u202egnp.exe\\u2028\\u0085"), "{text}");
        // Still JSON (a document, or one per line), with the same string value.
        let values: Vec<Value> = match serde_json::from_str(&text) {
            Ok(value) => vec![value],
            Err(_) => text.lines().map(|l| serde_json::from_str(l).unwrap()).collect(),
        };
        assert!(values.iter().any(|v| holds(v, hostile)), "{text}");
    }
}

/// Whether `value` holds a string containing `needle`, at any depth.
fn holds(value: &Value, needle: &str) -> bool {
    match value {
        Value::String(s) => s.contains(needle),
        Value::Array(items) => items.iter().any(|v| holds(v, needle)),
        Value::Object(members) => members.values().any(|v| holds(v, needle)),
        _ => false,
    }
}

#[test]
fn an_early_renewal_takes_over_under_faketime_without_a_pending_moment() {
    if !has_faketime() {
        assert!(std::env::var_os("CI").is_none(), "faketime is required in CI (.ci/run installs it)");
        return;
    }
    use airgap_license::chrono::{Days, Utc};
    let b = Bench::new();
    let today = Utc::now().date_naive();
    let first_day = today.checked_add_days(Days::new(3)).unwrap();
    let a = b.license("a", json!({"licenseId": A, "issued": today.to_string(), "expiration": "2036-12-31"}));
    let renewed = b.license(
        "renewed",
        json!({"licenseId": A, "issued": today.to_string(), "notBefore": first_day.to_string(),
               "expiration": "2037-12-31", "sequence": 1}),
    );
    assert_eq!(code(&b.run("activate", &[path(&a)])), Some(0));
    // Renewed the same day, in effect in three days: held, exit 0.
    let out = b.run("regenerate", &[path(&renewed)]);
    assert_eq!(code(&out), Some(0), "{}", text(&out));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        said.starts_with(&format!("pending: license {A} (sequence 1, issued {today}) takes over at {first_day}T00:00:00Z; the active license stays in use: valid")),
        "{said}"
    );
    let out = b.run("status", &[]);
    assert!(text(&out).contains(&format!("takes over at {first_day}T00:00:00Z")), "{}", text(&out));
    // The last second before, the first second of, and a day into the
    // renewal: every feature ACTIVE, never PENDING.
    let instants = [
        format!("{} 23:59:59", first_day.pred_opt().unwrap()),
        format!("{first_day} 00:00:00"),
        format!("{first_day} 00:00:01"),
        format!("{} 12:00:00", first_day.succ_opt().unwrap()),
    ];
    for (i, when) in instants.iter().enumerate() {
        let mut cmd = Command::new("faketime");
        cmd.env("TZ", "UTC").arg(when).arg(BIN).args(["status", "--json", "--store"]).arg(b.store());
        let out = cmd.arg("--keys").arg(b.keys()).output().unwrap();
        assert_eq!(code(&out), Some(0), "{when}: {}", text(&out));
        let body: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(body["status"]["scimServer"], "ACTIVE", "{when}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("PENDING"), "{when}");
        // Held before its first day, taken over from then on.
        assert_eq!(body.get("pending").is_some(), i == 0, "{when}: {body}");
    }
    let types: Vec<String> = b.events().iter().map(|e| e["event"]["type"].as_str().unwrap().to_owned()).collect();
    assert_eq!(types, ["license.activate", "license.pending", "license.regenerate"]);
}

/// Whoever runs a store command does not pick the product's release date:
/// `activate`, `status` (with or without FILE), `regenerate` and `request`
/// refuse `--release-date` (exit 2, nothing stored); `verify`, `explain`
/// and `timeline` keep it, for the vendor's "is release X covered".
#[test]
fn store_commands_refuse_release_date_and_the_vendor_questions_keep_it() {
    let b = Bench::new();
    let license = b.plain("a", A, "2026-01-01");
    for command in ["activate", "regenerate", "status", "request"] {
        let out = b.run(command, &["--release-date", "2099-01-01", path(&license)]);
        assert_eq!(code(&out), Some(2), "{command}: {}", text(&out));
        assert!(text(&out).contains("--release-date"), "{command}: {}", text(&out));
        assert!(b.state().is_none(), "{command} stored something");
    }
    let out = Command::new(BIN).args(["status", "--release-date", "2099-01-01", path(&license)]).output().unwrap();
    assert_eq!(code(&out), Some(2), "{}", text(&out));
    let keys = b.keys();
    for command in ["verify", "explain", "timeline"] {
        let out = Command::new(BIN)
            .args([command, "--keys", path(&keys), "--release-date", "2099-01-01", path(&license)])
            .output()
            .unwrap();
        assert_ne!(code(&out), Some(2), "{command}: {}", text(&out));
    }
}
