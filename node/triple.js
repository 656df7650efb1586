'use strict';
// The platform name napi-rs gives a binary: linux-x64-gnu, linux-x64-musl,
// linux-arm64-gnu, darwin-x64, darwin-arm64, win32-x64-msvc, ...

function libc() {
  if (process.platform !== 'linux') return '';
  const report = typeof process.report?.getReport === 'function' ? process.report.getReport() : null;
  const glibc = report && report.header && report.header.glibcVersionRuntime;
  return glibc ? '-gnu' : '-musl';
}

function triple() {
  const abi = process.platform === 'win32' ? '-msvc' : libc();
  return `${process.platform}-${process.arch}${abi}`;
}

module.exports = { triple };
