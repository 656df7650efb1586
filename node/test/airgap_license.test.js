'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');

const airgap = require('..');

const ROOT = path.join(__dirname, '..', '..');
const sample = (name) => fs.readFileSync(path.join(ROOT, 'licenses-sample', name), 'utf8');
const AT = Date.UTC(2026, 5, 1); // 2026-06-01T00:00:00Z

test('check gives the exit code and the GET /api/reactor body', () => {
  const cases = [
    ['enterprise.lic', 0], ['tampered.lic', 1], ['expired.lic', 3],
    ['not-yet-in-effect.lic', 4], ['issued-in-future.lic', 5],
  ];
  for (const [name, code] of cases) {
    const { exitCode, status } = airgap.check(sample(name), AT);
    assert.strictEqual(exitCode, code, name);
    assert.strictEqual(typeof status.licensed, 'boolean', name);
  }
  const { status } = airgap.check(sample('enterprise.lic'), AT);
  assert.strictEqual(status.scimServer, 'ACTIVE');
  assert.strictEqual(status.licensed, true);
  assert.strictEqual(airgap.check('junk', AT).status.licensed, false);
  assert.strictEqual(airgap.check(Buffer.from(sample('enterprise.lic')), AT).exitCode, 0);
  assert.throws(() => airgap.check(sample('enterprise.lic'), Number.NaN));
});

test('an instant outside the years 1970 to 9999 is refused everywhere', () => {
  const license = new airgap.Validator().verify(sample('enterprise.lic'));
  // Microseconds passed as milliseconds; before 1970; after 9999.
  for (const bad of [AT * 1000, -1, Date.UTC(10000, 0, 1)]) {
    assert.throws(() => airgap.check(sample('enterprise.lic'), bad), /outside the years 1970 to 9999/, String(bad));
    assert.throws(() => license.check(bad), /outside the years 1970 to 9999/, String(bad));
    assert.throws(() => license.status(bad), /outside the years 1970 to 9999/, String(bad));
  }
  assert.strictEqual(airgap.check(sample('enterprise.lic'), Date.UTC(9999, 11, 31)).exitCode, 3);
});

test('Validator and License mirror the Python API', () => {
  const validator = new airgap.Validator();
  const license = validator.verify(sample('enterprise.lic'));
  license.check(AT);
  license.check(new Date(AT));
  assert.strictEqual(license.licenseId, '00000000-0000-4000-8000-000000000004');
  assert.strictEqual(license.issuedTo, 'Example Corp (sample license)');
  assert.strictEqual(license.plan, 'Enterprise');
  assert.strictEqual(license.licenseType, 'Sample');
  assert.strictEqual(license.kid, 'sample-2026');
  assert.strictEqual(license.expiration, '2036-12-31');
  assert.strictEqual(license.feature('breachedPasswordDetection', AT), 'DISCONNECTED');
  assert.strictEqual(license.status(AT).status.licensed, true);
  license.check(); // now, the system clock
});

test('every verdict is its error class, with code and exitCode', () => {
  const validator = new airgap.Validator();
  assert.throws(() => validator.verify(sample('tampered.lic')), (e) =>
    e instanceof airgap.RejectedError && e instanceof airgap.LicenseError && e instanceof Error &&
    e.code === '[invalid]signature' && e.exitCode === 1);
  const cases = [
    ['expired.lic', airgap.ExpiredError, '[expired]license', 3],
    ['not-yet-in-effect.lic', airgap.NotYetInEffectError, '[notYetInEffect]license', 4],
    ['issued-in-future.lic', airgap.ClockUntrustedError, '[untrustedClock]license', 5],
  ];
  for (const [name, ErrorClass, code, exitCode] of cases) {
    const license = validator.verify(sample(name));
    assert.throws(() => license.check(AT), (e) => e instanceof ErrorClass && e.code === code && e.exitCode === exitCode);
  }
  assert.throws(() => validator.verify(sample('enterprise.lic')).check('yesterday'), TypeError);
});

test('a keys folder at run time, and one holding a private key', () => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'keys-'));
  fs.copyFileSync(path.join(ROOT, 'keys', 'sample-2026.pem'), path.join(dir, 'sample-2026.pem'));
  const validator = airgap.Validator.fromKeysDir(dir);
  assert.strictEqual(validator.verify(sample('starter.lic')).plan, 'Starter');
  fs.copyFileSync(path.join(ROOT, 'licenses-sample', 'sample-2026.key'), path.join(dir, 'oops.key'));
  assert.throws(() => airgap.Validator.fromKeysDir(dir), /PRIVATE key/);
  fs.rmSync(dir, { recursive: true });
});

test('the README example runs', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('## From Node.js')[1];
  const code = /```js\n([\s\S]*?)```/.exec(section)[1];
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    new Function('require', code)((name) => (name === 'airgap-license' ? airgap : require(name)));
  } finally {
    process.chdir(cwd);
  }
  assert.strictEqual(airgap.version, '0.2.0');
});

test('licenses sold per machine', () => {
  const os = require('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airgap-node-'));
  process.env.AIRGAP_LICENSE_STORE = path.join(dir, 'default');
  process.env.AIRGAP_LICENSE_MACHINE_ID = 'node-a';
  const now = Date.UTC(2026, 5, 1);
  const validator = new airgap.Validator();
  const template = validator.verify(sample('template.lic'));
  assert.throws(() => template.check(now), (e) => e instanceof airgap.UnboundError && e.exitCode === 7);
  assert.strictEqual(template.feature('scimServer', now), 'PENDING');
  assert.strictEqual(airgap.check(sample('bound-elsewhere.lic'), now).exitCode, 7);
  const store = new airgap.Store(path.join(dir, 'store'));
  const machine = store.machine();
  assert.ok(machine.deviceFingerprint.startsWith('SHA256:'));
  assert.deepStrictEqual(machine.components, ['operator']);
  const request = store.request(validator, sample('template.lic'), now);
  assert.ok(request.startsWith('-----BEGIN AIRGAP LICENSE REQUEST-----\n') && request.length <= 1024);
  assert.throws(() => store.request(validator, sample('tampered.lic'), now), airgap.RejectedError);
  assert.deepStrictEqual(store.deactivate(now), { removed: null, receipt: null });
  assert.strictEqual(store.lastReceipt(), null);
  fs.rmSync(dir, { recursive: true });
});

test('licenses sold over time', () => {
  const now = Date.UTC(2030, 5, 1);
  const validator = new airgap.Validator();
  const perpetual = validator.verify(sample('perpetual.lic'));
  assert.strictEqual(perpetual.expiration, null);
  perpetual.check(now);
  const covered = validator.withReleaseDate('2026-12-31').verify(sample('maintenance.lic'));
  assert.strictEqual(covered.maintenanceUntil, '2026-12-31');
  covered.check(now);
  const later = validator.withReleaseDate(new Date(Date.UTC(2027, 2, 2))).verify(sample('maintenance.lic'));
  assert.throws(() => later.check(now), (e) => e instanceof airgap.NotCoveredError && e.exitCode === 8);
});

test('a revocation list refuses the licenses it names', () => {
  const validator = new airgap.Validator();
  const revoking = validator.withRevocations(sample('revocations.txt'));
  assert.throws(
    () => revoking.verify(sample('starter.lic')),
    (e) => e instanceof airgap.RevokedError && e.exitCode === 1 && /revoked by revocation list 1 of 2026-06-01/.test(e.message),
  );
  revoking.verify(sample('enterprise.lic'));
  assert.throws(() => validator.withRevocations(sample('starter.lic')), /this is a license, not a revocation list/);
});

test('one key as PEM text at run time', () => {
  const pem = fs.readFileSync(path.join(ROOT, 'keys', 'sample-2026.pem'), 'utf8');
  const validator = airgap.Validator.fromPem('sample-2026', pem);
  assert.strictEqual(validator.verify(sample('starter.lic')).plan, 'Starter');
  const key = fs.readFileSync(path.join(ROOT, 'licenses-sample', 'sample-2026.key'), 'utf8');
  assert.throws(() => airgap.Validator.fromPem('sample-2026', key), /PRIVATE key/);
});

test('the license says what the library says', () => {
  const at = Date.UTC(2026, 5, 1);
  const validator = new airgap.Validator();
  const license = validator.verify(sample('enterprise.lic'));
  assert.deepStrictEqual([license.issued, license.notBefore], ['2026-01-01', '2026-01-01']);
  assert.strictEqual(license.endsAt.toISOString(), '2037-01-01T00:00:00.000Z');
  assert.strictEqual(license.daysLeft(at), Math.floor((Date.UTC(2037, 0, 1) - at) / 86400000));
  assert.strictEqual(license.sampleKey, true);
  assert.strictEqual(license.sequence, 0);
  assert.strictEqual(license.judge(at).verdict, 'valid');
  const perpetual = validator.verify(sample('perpetual.lic'));
  assert.strictEqual(perpetual.endsAt, null);
  assert.strictEqual(perpetual.daysLeft(at), null);
  const body = validator.judge(sample('expired.lic'), at);
  assert.deepStrictEqual([body.verdict, body.exitCode], ['expired', 3]);
  assert.strictEqual(validator.judge('junk', at).verdict, 'rejected');
  assert.deepStrictEqual(validator.keys.map((k) => k.kid), ['sample-2026']);
});

test('a build that trusts the sample key says so once', () => {
  const { spawnSync } = require('node:child_process');
  const script = "const a = require('./index.js'); new a.Validator(); new a.Validator(); a.check('junk');";
  const run = spawnSync(process.execPath, ['-e', script], { cwd: path.join(__dirname, '..'), encoding: 'utf8' });
  assert.strictEqual(run.status, 0, run.stderr);
  assert.strictEqual(run.stderr.split('SampleKeyWarning').length - 1, 1, run.stderr);
  assert.match(run.stderr, /trusts the SAMPLE key "sample-2026"/);
});

test('the store from Node: activate, regenerate, status, deactivate, events', () => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'airgap-node-store-'));
  const store = new airgap.Store(path.join(dir, 'store'));
  const validator = new airgap.Validator();
  const at = Date.UTC(2026, 5, 1);
  const activated = store.activate(validator, sample('enterprise.lic'), { now: at });
  assert.deepStrictEqual([activated.verdict, activated.stored, activated.licenseId], ['valid', true, '00000000-0000-4000-8000-000000000004']);
  const status = store.status(validator, at);
  assert.strictEqual(status.status.scimServer, 'ACTIVE');
  assert.strictEqual(status.verdict, 'valid');
  const renewed = store.regenerate(validator, sample('enterprise-renewed.lic'), { now: at + 1000 });
  assert.strictEqual(renewed.stored, true);
  assert.throws(
    () => store.activate(validator, sample('expired.lic'), { now: at + 2000 }),
    (e) => e instanceof airgap.ExpiredError && e.exitCode === 3,
  );
  assert.throws(
    () => store.activate(validator, sample('enterprise.lic'), { now: at + 3000 }),
    (e) => e instanceof airgap.RejectedError && e.code === '[older]issued',
  );
  assert.strictEqual(store.deactivate(at + 4000).removed, '00000000-0000-4000-8000-000000000004');
  const types = store.events().map((e) => e.event.type);
  assert.deepStrictEqual(types, ['license.activate', 'license.regenerate', 'license.refuse', 'license.refuse', 'license.deactivate']);
  fs.rmSync(dir, { recursive: true });
});

test('index.d.ts declares exactly the error classes index.js makes', () => {
  const declared = new Set(
    [...fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8').matchAll(/^export class (\w+Error) extends LicenseError/gm)].map((m) => m[1]),
  );
  const runtime = new Set(Object.keys(airgap).filter((n) => n.endsWith('Error') && n !== 'LicenseError'));
  assert.deepStrictEqual([...declared].sort(), [...runtime].sort());
});

test('wrong arguments are TypeErrors in our words; unusable keys a KeysError', () => {
  const validator = new airgap.Validator();
  assert.throws(() => validator.verify(42), (e) => e instanceof TypeError && e.message === 'the license text must be a string or a Buffer, not number');
  assert.throws(() => airgap.check(null), (e) => e instanceof TypeError && /not null/.test(e.message));
  assert.throws(() => new airgap.Store(7), (e) => e instanceof TypeError && /the store folder must be a string/.test(e.message));
  assert.throws(() => new airgap.Store('/tmp/x').status({}), (e) => e instanceof TypeError && /validator must be/.test(e.message));
  assert.throws(
    () => airgap.Validator.fromPem('k', 'not a key'),
    (e) => e instanceof airgap.KeysError && e instanceof airgap.LicenseError && e.exitCode === 2 && e.code === '[unusable]keys',
  );
  assert.throws(() => airgap.Validator.fromKeysDir('/no/such/folder'), (e) => e instanceof airgap.KeysError);
});

test('the default store is the command line\'s', () => {
  const before = process.env.AIRGAP_LICENSE_STORE;
  process.env.AIRGAP_LICENSE_STORE = '/tmp/airgap-license-node-default';
  try {
    assert.strictEqual(airgap.Store.default().path, '/tmp/airgap-license-node-default');
  } finally {
    if (before === undefined) delete process.env.AIRGAP_LICENSE_STORE;
    else process.env.AIRGAP_LICENSE_STORE = before;
  }
});

test('index.js loads the per-platform package when no addon lies beside it', () => {
  const { spawnSync } = require('node:child_process');
  const os = require('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airgap-node-platform-'));
  const made = spawnSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'platform-package.js'), path.join(dir, 'node_modules')], { encoding: 'utf8' });
  assert.strictEqual(made.status, 0, made.stderr);
  const app = path.join(dir, 'app');
  fs.mkdirSync(app);
  for (const file of ['index.js', 'triple.js']) fs.copyFileSync(path.join(__dirname, '..', file), path.join(app, file));
  const run = spawnSync(process.execPath, ['-e', "const a = require('./index.js'); console.log(a.check('junk').exitCode)"], { cwd: app, encoding: 'utf8' });
  assert.strictEqual(run.status, 0, run.stderr);
  assert.strictEqual(run.stdout.trim(), '1');
  const pkg = JSON.parse(fs.readFileSync(path.join(made.stdout.trim(), 'package.json'), 'utf8'));
  assert.deepStrictEqual([pkg.os, pkg.cpu, pkg.main], [[process.platform], [process.arch], `airgap-license.${require('../triple.js').triple()}.node`]);
  // And with neither, the error says what to do.
  fs.rmSync(path.join(dir, 'node_modules'), { recursive: true });
  const none = spawnSync(process.execPath, ['-e', "require('./index.js')"], { cwd: app, encoding: 'utf8' });
  assert.notStrictEqual(none.status, 0);
  assert.match(none.stderr, /has no native addon for .* build it with `npm run build`/);
  fs.rmSync(dir, { recursive: true });
});

test('the rest of what the library license exposes', () => {
  const at = Date.UTC(2026, 5, 1);
  const license = new airgap.Validator().verify(sample('overrides.lic'));
  assert.deepStrictEqual([license.graceDays, license.noticeDays, license.machines, license.supersedes], [0, 30, null, []]);
  assert.strictEqual(license.inNotice(at), false);
  assert.strictEqual(license.inNotice(Date.UTC(2036, 11, 15)), true);
  assert.deepStrictEqual([license.planAtLeast('Starter'), license.planAtLeast('Enterprise'), license.planAtLeast('Gold')], [true, false, null]);
  const why = license.explain('connectors', at);
  assert.deepStrictEqual([why.state, why.reason], ['DISABLED', 'withheld by an override in features, although the plan Starter includes it (from Starter up)']);
  const stages = license.timeline().map((t) => [t.from.toISOString().slice(0, 10), t.standing]);
  assert.deepStrictEqual(stages, [['2025-12-31', 'notYetInEffect'], ['2026-01-01', 'valid'], ['2037-01-01', 'expired']]);
});

test('the license vectors hold: tests/vectors/licenses.tsv, every line', () => {
  const root = path.join(__dirname, '..', '..');
  const table = fs.readFileSync(path.join(root, 'tests', 'vectors', 'licenses.tsv'), 'utf8');
  const validator = new airgap.Validator();
  let seen = 0;
  for (const line of table.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [file, exitCode, verdict, body] = line.split('\t');
    const text = fs.readFileSync(path.join(root, file));
    const checked = airgap.check(text, AT);
    assert.strictEqual(checked.exitCode, Number(exitCode), file);
    assert.deepStrictEqual({ status: checked.status }, JSON.parse(body), file);
    const judged = validator.judge(text, AT);
    assert.deepStrictEqual([judged.verdict, judged.exitCode], [verdict, Number(exitCode)], file);
    seen += 1;
  }
  assert.strictEqual(seen, 88);
});
