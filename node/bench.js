'use strict';
// check(text, nowMs) against crypto.verify (OpenSSL) of the same Ed25519
// message, in one process, alternated in rounds; prints the ratio (goal <= 0.6).
//   node node/bench.js   (after npm run build in node/)
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const airgap = require('.');

const root = path.join(__dirname, '..');
const text = fs.readFileSync(path.join(root, 'licenses-sample', 'enterprise.lic'), 'utf8');
const body = text.split('\n').filter((l) => !l.startsWith('-----')).join('');
const envelope = JSON.parse(Buffer.from(body, 'base64').toString());
const message = Buffer.concat([Buffer.from(`airgap-license:v1:${envelope.kid}:`), Buffer.from(envelope.payload, 'base64')]);
const signature = Buffer.from(envelope.signature, 'base64');
const key = crypto.createPublicKey(fs.readFileSync(path.join(root, 'keys', 'sample-2026.pem')));
if (!crypto.verify(null, message, key, signature)) throw new Error('the bare check failed');
const at = Date.UTC(2026, 5, 1);
if (airgap.check(text, at).exitCode !== 0) throw new Error('the license failed');

const n = 2000;
let ours = 0n;
let theirs = 0n;
for (let round = 0; round < 5; round++) {
  let start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) airgap.check(text, at);
  ours += process.hrtime.bigint() - start;
  start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) crypto.verify(null, message, key, signature);
  theirs += process.hrtime.bigint() - start;
}
const each = (total) => Number(total) / (5 * n) / 1000;
console.log(`airgap-license check:      ${each(ours).toFixed(1)} us`);
console.log(`crypto.verify (OpenSSL):   ${each(theirs).toFixed(1)} us`);
console.log(`ratio (goal <= 0.6):       ${(Number(ours) / Number(theirs)).toFixed(2)}`);
