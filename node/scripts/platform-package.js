'use strict';
// Makes the per-platform package napi-rs projects publish beside the main
// one: OUTDIR/airgap-license-<triple>/ holding the addon built for this
// platform and a package.json whose os, cpu and libc let npm install it only
// where it runs. index.js loads it when no addon lies beside it.
//
//   npm run build && node scripts/platform-package.js OUTDIR
const fs = require('node:fs');
const path = require('node:path');
const { triple } = require('../triple.js');

const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/platform-package.js OUTDIR');
  process.exit(2);
}
const main = require('../package.json');
const name = triple();
const [os, cpu, abi] = name.split('-');
const binary = `airgap-license.${name}.node`;
const dir = path.join(out, `airgap-license-${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.copyFileSync(path.join(__dirname, '..', binary), path.join(dir, binary));
const pkg = {
  name: `airgap-license-${name}`,
  version: main.version,
  description: `The ${name} binary of airgap-license`,
  license: main.license,
  main: binary,
  files: [binary],
  os: [os],
  cpu: [cpu],
  ...(abi === 'gnu' ? { libc: ['glibc'] } : abi === 'musl' ? { libc: ['musl'] } : {}),
  engines: main.engines,
};
fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
console.log(dir);
