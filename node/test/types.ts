// What a TypeScript program writes against index.d.ts: type-checked with
// tsc --strict by CI, then run, so that every access the types allow gives
// at run time the value the types say (a declaration that compiles but
// answers undefined fails here).
import * as airgap from '../index';
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const sample = (name: string): Buffer => readFileSync(join(root, 'licenses-sample', name));
const AT = Date.UTC(2026, 5, 1);

// fromPem takes a Buffer as verify does, or a string.
const pem: Buffer = readFileSync(join(root, 'keys', 'sample-2026.pem'));
const validator: airgap.Validator = airgap.Validator.fromPem('sample-2026', pem);
const fromText: airgap.Validator = airgap.Validator.fromPem('sample-2026', pem.toString('utf8'));
assert.equal(fromText.keys[0]?.kid, 'sample-2026');
const license: airgap.License = validator.verify(sample('enterprise.lic'));
const state: airgap.FeatureState = license.feature('scimServer', AT);
assert.equal(state, 'ACTIVE');
const days: number | null = license.daysLeft(new Date(AT));
assert.equal(typeof days, 'number');
const ends: Date | null = license.endsAt;
assert.ok(ends instanceof Date);
const verdict: airgap.Verdict = validator.judge('junk');
const code: number = verdict.exitCode;
assert.equal(code, 1);
assert.equal(verdict.verdict, 'rejected');
try {
  validator.verify(sample('expired.lic')).check(AT);
  assert.fail('an expired license passed check');
} catch (e) {
  assert.ok(e instanceof airgap.ExpiredError);
  const exit: number = e.exitCode;
  assert.equal(exit, 3);
  assert.equal(e.code, '[expired]license');
}
const store = new airgap.Store(mkdtempSync(join(tmpdir(), 'airgap-types-')));
const done: airgap.Deactivation = store.deactivate();
assert.equal(done.removed, null);
// check: the exit code and the status map itself (status.scimServer).
const { exitCode, status } = airgap.check(sample('enterprise.lic'), AT);
assert.equal(exitCode, 0);
assert.equal(status.licensed, true);
assert.equal(status.scimServer, 'ACTIVE');
assert.equal(airgap.check('junk', AT).status.licensed, false);
const version: string = airgap.version;
assert.match(version, /^\d+\.\d+\.\d+$/);
const kid: string | undefined = validator.keys[0]?.kid;
assert.equal(kid, 'sample-2026');
console.log('types.ts: every value as its type says');
