"""The Python package, as an installer script uses it."""

import datetime
import json
import pathlib
import re

import pytest

import airgap_license

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "licenses-sample"
AT = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)


def sample(name: str) -> str:
    return (SAMPLES / name).read_text()


@pytest.fixture(scope="module")
def validator() -> airgap_license.Validator:
    return airgap_license.Validator()


def test_a_license_in_effect(validator):
    license = validator.verify(sample("enterprise.lic"))
    license.check(AT)
    assert license.license_id == "00000000-0000-4000-8000-000000000004"
    assert license.issued_to == "Example Corp (sample license)"
    assert (license.plan, license.license_type, license.kid) == ("Enterprise", "Sample", "sample-2026")
    assert license.expiration == datetime.date(2036, 12, 31)
    assert license.feature("scimServer", AT) == "ACTIVE"
    assert license.feature("breachedPasswordDetection", AT) == "DISCONNECTED"
    assert license.feature("noSuchFeature", AT) == "UNKNOWN"
    body = license.status(AT)
    assert body["status"]["licensed"] is True
    assert body["status"]["scimServer"] == "ACTIVE"
    # The same body as the CLI's status --json.
    assert json.dumps(body, sort_keys=True).startswith('{"status": {"advancedIdentityProviders": "ACTIVE"')


def test_bytes_and_every_pasted_form(validator):
    armored = (SAMPLES / "enterprise.lic").read_bytes()
    assert validator.verify(armored).plan == "Enterprise"
    assert validator.verify(b"\xef\xbb\xbf" + armored).plan == "Enterprise"
    assert validator.verify(armored.decode().encode("utf-16")).plan == "Enterprise"


def test_rejected_is_a_license_error_with_its_code(validator):
    for name, code in [("tampered.lic", "[invalid]signature"), ("unknown-key.lic", "[unknown]kid")]:
        with pytest.raises(airgap_license.RejectedError) as caught:
            validator.verify(sample(name))
        assert caught.value.code == code
        assert caught.value.exit_code == 1
        assert isinstance(caught.value, airgap_license.LicenseError)
        assert isinstance(caught.value, Exception)
    with pytest.raises(TypeError):
        validator.verify(42)


@pytest.mark.parametrize(
    "name, error, code, exit_code",
    [
        ("expired.lic", airgap_license.ExpiredError, "[expired]license", 3),
        ("not-yet-in-effect.lic", airgap_license.NotYetInEffectError, "[notYetInEffect]license", 4),
        ("issued-in-future.lic", airgap_license.ClockUntrustedError, "[untrustedClock]license", 5),
    ],
)
def test_date_verdicts(validator, name, error, code, exit_code):
    license = validator.verify(sample(name))
    with pytest.raises(error) as caught:
        license.check(AT)
    assert (caught.value.code, caught.value.exit_code) == (code, exit_code)
    assert isinstance(caught.value, airgap_license.LicenseError)


def test_now_defaults_to_the_clock_and_must_be_aware(validator):
    license = validator.verify(sample("starter.lic"))
    license.check()  # in effect until 2036
    assert license.feature("webAuthn") == "ACTIVE"
    assert license.status()["status"]["licensed"] is True
    with pytest.raises(ValueError, match="naive"):
        license.check(datetime.datetime(2026, 6, 1))
    with pytest.raises(ValueError):
        license.feature("webAuthn", datetime.datetime(2026, 6, 1))
    # Another zone is the same instant.
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    license.check(datetime.datetime(2026, 6, 1, 9, tzinfo=tokyo))


def test_a_keys_folder_at_run_time(tmp_path):
    (tmp_path / "sample-2026.pem").write_text((ROOT / "keys" / "sample-2026.pem").read_text())
    validator = airgap_license.Validator.from_keys_dir(tmp_path)
    assert validator.verify(sample("starter.lic")).plan == "Starter"
    (tmp_path / "oops.key").write_text((SAMPLES / "sample-2026.key").read_text())
    with pytest.raises(airgap_license.KeysError, match="PRIVATE key") as raised:
        airgap_license.Validator.from_keys_dir(str(tmp_path))
    # A LicenseError as in Node, and still the ValueError 0.2.0 raised.
    assert isinstance(raised.value, airgap_license.LicenseError)
    assert isinstance(raised.value, ValueError)
    assert (raised.value.code, raised.value.exit_code) == ("[unusable]keys", 2)


def test_one_key_as_pem_text_at_run_time():
    pem = (ROOT / "keys" / "sample-2026.pem").read_text()
    validator = airgap_license.Validator.from_pem("sample-2026", pem)
    assert validator.verify(sample("starter.lic")).plan == "Starter"
    with pytest.raises(airgap_license.KeysError, match="PRIVATE key"):
        airgap_license.Validator.from_pem("sample-2026", (SAMPLES / "sample-2026.key").read_text())
    with pytest.raises(airgap_license.RejectedError, match="other-vendor"):
        validator.verify(sample("unknown-key.lic"))
    # bytes, as verify takes them; a bad PEM names the key id, no KID.pem file.
    from_bytes = airgap_license.Validator.from_pem("sample-2026", (ROOT / "keys" / "sample-2026.pem").read_bytes())
    assert from_bytes.verify(sample("starter.lic")).plan == "Starter"
    with pytest.raises(airgap_license.KeysError) as bad:
        airgap_license.Validator.from_pem("vendor-2027", b"garbage")
    assert "vendor-2027.pem" not in str(bad.value) and "NUL" not in str(bad.value)
    with pytest.raises(airgap_license.KeysError, match="not UTF-8"):
        airgap_license.Validator.from_pem("vendor-2027", b"\xff\xfe")


def test_the_readme_python_example_runs():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## From Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace = {"__name__": "readme"}
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(code, "README.md", "exec"), namespace)
    finally:
        os.chdir(cwd)


def test_the_package_is_typed():
    package = pathlib.Path(airgap_license.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "__init__.pyi").exists()
    assert airgap_license.__version__ == "0.2.0"


def test_the_store_from_python(tmp_path, validator):
    store = airgap_license.Store(tmp_path / "store")
    done = store.activate(validator, sample("enterprise.lic"), license_id="00000000-0000-4000-8000-000000000004")
    assert (done["verdict"], done["stored"], done["exitCode"]) == ("valid", True, 0)
    assert store.status(validator)["status"]["scimServer"] == "ACTIVE"
    # A refusal raises the verdict's class, as verify does; the store is unchanged.
    with pytest.raises(airgap_license.ExpiredError) as refused:
        store.activate(validator, sample("expired.lic"))
    assert (refused.value.code, refused.value.exit_code) == ("[expired]license", 3)
    with pytest.raises(airgap_license.RejectedError, match="is not a successor of the active license"):
        store.regenerate(validator, sample("enterprise.lic"))
    # now: the system clock's reading by default, or one given.
    status = store.status(validator, datetime.datetime.now(datetime.timezone.utc))
    assert (status["verdict"], status["stored"], status["licenseId"]) == ("valid", True, "00000000-0000-4000-8000-000000000004")
    renewed = store.regenerate(validator, sample("enterprise-renewed.lic"))
    assert renewed["stored"] is True and renewed["expiration"] == "2037-12-31"
    assert store.deactivate() == "00000000-0000-4000-8000-000000000004"
    assert store.deactivate() is None
    assert store.status(validator)["status"]["licensed"] is False
    types = [e["event"]["type"] for e in store.events()]
    assert types == ["license.activate", "license.refuse", "license.refuse", "license.regenerate", "license.deactivate"]
    (tmp_path / "store" / "state.json").write_text("{ not json")
    with pytest.raises(OSError, match="corrupt"):
        store.status(validator)


def test_the_default_store_is_the_command_lines(tmp_path, monkeypatch):
    monkeypatch.setenv("AIRGAP_LICENSE_STORE", str(tmp_path / "default"))
    assert airgap_license.Store.default().path == str(tmp_path / "default")


def test_an_instant_before_1970_is_refused(validator, tmp_path):
    license = validator.verify(sample("starter.lic"))
    for year in (1, 1900, 1969):
        with pytest.raises(ValueError, match="outside the years 1970 to 9999"):
            license.check(datetime.datetime(year, 12, 31, tzinfo=datetime.timezone.utc))
    license.check(datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc))


def test_the_store_refuses_a_planted_link(tmp_path, validator):
    store = airgap_license.Store(tmp_path / "store")
    store.activate(validator, sample("enterprise.lic"))
    victim = tmp_path / "victim"
    victim.write_text("precious")
    state = tmp_path / "store" / "state.json"
    state.unlink()
    state.symlink_to(victim)
    with pytest.raises(OSError, match="symbolic link"):
        store.status(validator)
    assert victim.read_text() == "precious"


def test_licenses_sold_per_machine(tmp_path, validator, monkeypatch):
    # This machine's default store, and its identity: the test's own.
    monkeypatch.setenv("AIRGAP_LICENSE_STORE", str(tmp_path / "default"))
    monkeypatch.setenv("AIRGAP_LICENSE_MACHINE_ID", "node-a")
    now = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)
    template = validator.verify(sample("template.lic"))
    with pytest.raises(airgap_license.UnboundError, match="template for 2 machine") as caught:
        template.check(now)
    assert caught.value.exit_code == 7 and caught.value.code == "[unbound]machines"
    assert template.feature("scimServer", now) == "PENDING"
    with pytest.raises(airgap_license.UnboundError, match="db-07"):
        validator.verify(sample("bound-elsewhere.lic")).check(now)

    store = airgap_license.Store(tmp_path / "store")
    machine = store.machine()
    assert machine["deviceFingerprint"].startswith("SHA256:") and machine["created"] is True
    assert machine["components"] == ["operator"] and machine["label"] == "node-a"
    request = store.request(validator, sample("template.lic"))
    assert request.startswith("-----BEGIN AIRGAP LICENSE REQUEST-----\n") and len(request) <= 1024
    with pytest.raises(ValueError, match="not sold per machine"):
        store.request(validator, sample("enterprise.lic"))
    with pytest.raises(airgap_license.RejectedError):
        store.request(validator, sample("tampered.lic"))
    assert store.machine()["created"] is False
    assert store.last_receipt() is None


def test_licenses_sold_over_time(validator):
    now = datetime.datetime(2030, 6, 1, tzinfo=datetime.timezone.utc)
    perpetual = validator.verify(sample("perpetual.lic"))
    assert perpetual.expiration is None and perpetual.maintenance_until is None
    perpetual.check(now)
    maintenance = sample("maintenance.lic")
    covered = validator.with_release_date(datetime.date(2026, 12, 31)).verify(maintenance)
    assert covered.maintenance_until == datetime.date(2026, 12, 31)
    covered.check(now)
    later = validator.with_release_date(datetime.date(2027, 3, 2)).verify(maintenance)
    with pytest.raises(airgap_license.NotCoveredError, match="this release is dated 2027-03-02") as caught:
        later.check(now)
    assert caught.value.exit_code == 8
    assert later.feature("scimServer", now) == "DISABLED"


def test_a_revocation_list_refuses_the_licenses_it_names(validator):
    revoking = validator.with_revocations(sample("revocations.txt"))
    with pytest.raises(airgap_license.RevokedError, match="revoked by revocation list 1 of 2026-06-01") as caught:
        revoking.verify(sample("starter.lic"))
    assert caught.value.exit_code == 1 and caught.value.code == "[revoked]license"
    revoking.verify(sample("enterprise.lic"))
    with pytest.raises(ValueError, match="this is a license, not a revocation list"):
        validator.with_revocations(sample("starter.lic"))


def test_every_verdict_that_is_not_in_effect_has_its_class_and_the_stub_names_it():
    stub = (pathlib.Path(airgap_license.__file__).parent / "__init__.pyi").read_text()
    declared = set(re.findall(r"^class (\w+Error)\(LicenseError(?:, ValueError)?\)", stub, re.M))
    runtime = {n for n in dir(airgap_license) if n.endswith("Error") and n != "LicenseError"}
    assert declared == runtime
    for name in runtime:
        assert issubclass(getattr(airgap_license, name), airgap_license.LicenseError)
    assert "UnboundError" in runtime and "NotCoveredError" in runtime


def test_the_license_says_what_the_library_says(validator):
    at = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)
    license = validator.verify(sample("enterprise.lic"))
    assert (license.issued, license.not_before) == (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1))
    assert license.ends_at == datetime.datetime(2037, 1, 1, tzinfo=datetime.timezone.utc)
    assert license.days_left(at) == (datetime.date(2037, 1, 1) - datetime.date(2026, 6, 1)).days
    assert license.sample_key is True and license.sequence == 0
    assert license.judge(at)["verdict"] == "valid"
    perpetual = validator.verify(sample("perpetual.lic"))
    assert perpetual.ends_at is None and perpetual.days_left(at) is None
    body = validator.judge(sample("expired.lic"), at)
    assert (body["verdict"], body["exitCode"], body["licenseId"]) == ("expired", 3, "00000000-0000-4000-8000-000000000006")
    assert validator.judge("junk", at)["verdict"] == "rejected"
    assert [k["kid"] for k in validator.keys] == ["sample-2026"] and validator.keys[0]["sampleKey"] is True


def test_a_build_that_trusts_the_sample_key_says_so_once():
    import subprocess
    import sys

    code = (
        "import warnings, airgap_license\n"
        "warnings.simplefilter('always')\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    airgap_license.Validator(); airgap_license.Validator()\n"
        "print([(w.category.__name__, str(w.message)) for w in caught])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.count("SampleKeyWarning") == 1, out
    assert "trusts the SAMPLE key" in out and "sample-2026" in out, out
    assert issubclass(airgap_license.SampleKeyWarning, UserWarning)


def test_the_rest_of_what_the_library_license_exposes(validator):
    at = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)
    license = validator.verify(sample("overrides.lic"))
    assert (license.grace_days, license.notice_days, license.machines, license.supersedes) == (0, 30, None, [])
    assert license.in_notice(at) is False
    assert license.in_notice(datetime.datetime(2036, 12, 15, tzinfo=datetime.timezone.utc)) is True
    assert (license.plan_at_least("Starter"), license.plan_at_least("Enterprise"), license.plan_at_least("Gold")) == (True, False, None)
    why = license.explain("connectors", at)
    assert (why["state"], why["reason"]) == ("DISABLED", "withheld by an override in features, although the plan Starter includes it (from Starter up)")
    stages = [(t["from"].date().isoformat(), t["standing"]) for t in license.timeline()]
    assert stages == [("2025-12-31", "notYetInEffect"), ("2026-01-01", "valid"), ("2037-01-01", "expired")]
    assert validator.verify(sample("template.lic")).machines == 2


def test_the_store_waits_for_its_lock_without_the_gil_and_events_iterate(tmp_path, validator):
    import fcntl
    import threading
    import time

    store = airgap_license.Store(tmp_path / "store")
    store.activate(validator, sample("enterprise.lic"))
    # Another holder of the store's lock (flock: another open file).
    held = open(tmp_path / "store" / "lock", "rb")
    fcntl.flock(held, fcntl.LOCK_EX)
    waiting = [threading.Thread(target=call) for call in (store.deactivate, store.last_receipt)]
    for thread in waiting:
        thread.start()
    # While those calls wait for the lock, this thread runs Python code: it
    # could not if a wait held the GIL.
    counted, until = 0, time.monotonic() + 0.3
    while time.monotonic() < until:
        counted += 1
    assert all(thread.is_alive() for thread in waiting), "a call did not wait for the lock"
    assert counted > 10000, f"a call held the GIL while waiting: {counted} rounds in 0.3 s"
    fcntl.flock(held, fcntl.LOCK_UN)
    held.close()
    for thread in waiting:
        thread.join()
    events = store.events()
    # An iterator, read as it goes: not a list built whole.
    assert not isinstance(events, list) and iter(events) is events
    assert next(events)["event"]["type"] == "license.activate"
    assert [e["event"]["type"] for e in events] == ["license.deactivate"]


def test_the_license_vectors_hold(validator):
    """tests/vectors/licenses.tsv: every line's exit code, verdict and status
    body, as the library gives them."""
    import json
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    now = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc)
    seen = 0
    for line in (root / "tests" / "vectors" / "licenses.tsv").read_text().splitlines():
        if line.startswith("#"):
            continue
        path, exit_code, verdict, body = line.split("\t")
        text = (root / path).read_bytes()
        checked = validator.check(text, now)
        assert checked["exitCode"] == int(exit_code), path
        assert {"status": checked["status"]} == json.loads(body), path
        judged = validator.judge(text, now)
        assert (judged["verdict"], judged["exitCode"]) == (verdict, int(exit_code)), path
        seen += 1
    assert seen == 88
