// Type-checked with tsc --strict by CI (never run): what a TypeScript
// program writes against index.d.ts.
import * as airgap from '../index';
import { readFileSync } from 'node:fs';

const validator: airgap.Validator = airgap.Validator.fromPem('sample-2026', readFileSync('keys/sample-2026.pem', 'utf8'));
const license: airgap.License = validator.verify(readFileSync('licenses-sample/enterprise.lic'));
const state: airgap.FeatureState = license.feature('scimServer', Date.UTC(2026, 5, 1));
const days: number | null = license.daysLeft(new Date());
const ends: Date | null = license.endsAt;
const verdict: airgap.Verdict = validator.judge('junk');
const code: number = verdict.exitCode;
try {
  license.check();
} catch (e) {
  if (e instanceof airgap.ExpiredError) {
    const exit: number = e.exitCode;
    console.log(exit, e.code);
  }
}
const store = new airgap.Store('/tmp/store');
const done: airgap.Deactivation = store.deactivate();
const { exitCode, status } = airgap.check('text');
console.log(state, days, ends, code, done.removed, exitCode, status.licensed, airgap.version, validator.keys[0]?.kid);
