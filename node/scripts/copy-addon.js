'use strict';
// Copies the addon cargo built to the name napi-rs gives a per-platform
// binary: airgap-license.<platform>-<arch>[-<abi>].node (linux-x64-gnu,
// darwin-arm64, win32-x64-msvc, ...), which index.js loads.
const fs = require('node:fs');
const path = require('node:path');
const { triple } = require('../triple.js');

const built = {
  win32: 'airgap_license_node.dll',
  darwin: 'libairgap_license_node.dylib',
}[process.platform] || 'libairgap_license_node.so';
const from = path.join(__dirname, '..', 'target', 'release', built);
const to = path.join(__dirname, '..', `airgap-license.${triple()}.node`);
fs.copyFileSync(from, to);
console.log(`${path.basename(to)} from ${path.relative(process.cwd(), from)}`);
