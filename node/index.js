'use strict';
// airgap-license for Node.js: check(text, nowMs), and Validator/License with
// error classes that mirror the Python package. The native half is the
// N-API addon airgap-license.<platform>.node (see README.md for the build command).

const { triple } = require('./triple.js');

/**
 * The addon for this platform, named as napi-rs names per-platform binaries:
 * airgap-license.<triple>.node beside this file (a build, or the binary a
 * package carries), else the per-platform package airgap-license-<triple>.
 */
function loadAddon() {
  const name = `airgap-license.${triple()}.node`;
  const tried = [];
  for (const candidate of [`./${name}`, `airgap-license-${triple()}`]) {
    try {
      return require(candidate);
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
      tried.push(candidate);
    }
  }
  throw new Error(
    `airgap-license has no native addon for ${triple()} (tried ${tried.join(', ')}): ` +
      'build it with `npm run build` (needs Rust), or install a package built for this platform',
  );
}
const native = loadAddon();

/** A license is not in effect, or is not a license at all. */
class LicenseError extends Error {
  constructor(failure) {
    super(failure.message);
    this.name = this.constructor.name;
    /** The FusionAuth code, e.g. "[invalid]signature". */
    this.code = failure.code;
    /** The CLI's exit code. */
    this.exitCode = failure.exitCode;
  }
}
/**
 * One error class per verdict that is not "in effect", made from the
 * library's one vocabulary: `notYetInEffect` is `NotYetInEffectError`, a
 * subclass of LicenseError. A new verdict gets its class with no line of
 * this file changed.
 */
const ERRORS = {};
const ERROR_CLASSES = {};
for (const { word } of native.failureVerdicts()) {
  const name = `${word[0].toUpperCase()}${word.slice(1)}Error`;
  const ErrorClass = { [name]: class extends LicenseError {} }[name];
  ERRORS[word] = ErrorClass;
  ERROR_CLASSES[name] = ErrorClass;
}

function raise(failure) {
  const ErrorClass = ERRORS[failure.kind] || LicenseError;
  throw new ErrorClass(failure);
}

/** License text as given: a string or a Buffer, else a TypeError that says so. */
function text(value, what = 'the license text') {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  throw new TypeError(`${what} must be a string or a Buffer, not ${value === null ? 'null' : typeof value}`);
}

/** A string argument, else a TypeError that names it. */
function string(value, what) {
  if (typeof value === 'string') return value;
  throw new TypeError(`${what} must be a string, not ${value === null ? 'null' : typeof value}`);
}

/** A validator argument, else a TypeError. */
function validatorOf(value) {
  if (value instanceof Validator) return value._inner;
  throw new TypeError('validator must be an airgap-license Validator');
}

/**
 * Trusted keys that cannot be used (a folder holding a private key, a PEM
 * that is not an Ed25519 public key): a LicenseError, code "[unusable]keys",
 * exit code 2, as the CLI's.
 */
class KeysError extends LicenseError {}

/**
 * The Validator over the keys `load` gives: a TypeError for an argument of
 * the wrong type as it is, any refusal of the keys as a KeysError.
 */
function validatorWithKeys(load) {
  let inner;
  try {
    inner = load();
  } catch (e) {
    if (e instanceof TypeError) throw e;
    throw new KeysError({ message: e.message, code: '[unusable]keys', exitCode: 2 });
  }
  return new Validator(inner);
}

/** Milliseconds since the epoch: a Date, a number, or (default) now. */
function millis(now) {
  if (now === undefined || now === null) return Date.now();
  if (now instanceof Date) return now.getTime();
  if (typeof now === 'number') return now;
  throw new TypeError('now must be a Date or a number of milliseconds');
}

/** A license whose signature verified. */
class License {
  constructor(inner) {
    this._inner = inner;
  }
  /** Throws ExpiredError, NotYetInEffectError or ClockUntrustedError unless in effect at now. */
  check(now) {
    const failure = this._inner.check(millis(now));
    if (failure) raise(failure);
  }
  /** "ACTIVE", "DISABLED", "DISCONNECTED", "PENDING" or "UNKNOWN". */
  feature(name, now) {
    return this._inner.feature(name, millis(now));
  }
  /** The GET /api/reactor body: {status: {...}}. */
  status(now) {
    return this._inner.status(millis(now));
  }
  get licenseId() { return this._inner.licenseId; }
  get issuedTo() { return this._inner.issuedTo; }
  get plan() { return this._inner.plan; }
  get licenseType() { return this._inner.licenseType; }
  get kid() { return this._inner.kid; }
  /** The last day in effect, "YYYY-MM-DD"; null for a perpetual license. */
  get expiration() { return this._inner.expiration ?? null; }
  /** maintenanceUntil, "YYYY-MM-DD", or null. */
  get maintenanceUntil() { return this._inner.maintenanceUntil ?? null; }
  /** issued, "YYYY-MM-DD". */
  get issued() { return this._inner.issued; }
  /** notBefore (issued when absent), "YYYY-MM-DD". */
  get notBefore() { return this._inner.notBefore; }
  /** The first instant no longer in effect (a Date); null for a perpetual license. */
  get endsAt() {
    const ms = this._inner.endsAtMs;
    return ms === undefined || ms === null ? null : new Date(ms);
  }
  /** Whole days from now to endsAt (0 once ended); null for a perpetual license. */
  daysLeft(now) { return this._inner.daysLeft(millis(now)) ?? null; }
  /** sequence: the renewal's place among the licenses with its licenseId. */
  get sequence() { return this._inner.sequence; }
  /** Whether the public sample key verified it (a product must not ship trusting it). */
  get sampleKey() { return this._inner.sampleKey; }
  /** The verdict object at now, as `airgap-license verify --json` prints it. */
  judge(now) { return this._inner.judge(millis(now)); }
  /** graceDays: days in effect after the expiration (0 when absent). */
  get graceDays() { return this._inner.graceDays; }
  /** noticeDays: days before the end in which every use warns (30 when absent). */
  get noticeDays() { return this._inner.noticeDays; }
  /** Whether, at now, it is in effect within the notice period of its end. */
  inNotice(now) { return this._inner.inNotice(millis(now)); }
  /** The licenseIds it replaces. */
  get supersedes() { return this._inner.supersedes; }
  /** The number of machines a template is sold for, or null. */
  get machines() { return this._inner.machines ?? null; }
  /** Whether its plan is `plan` or above; null for a plan the catalog lacks. */
  planAtLeast(plan) { return this._inner.planAtLeast(string(plan, 'plan')) ?? null; }
  /** Why one feature has its state at now: {feature, state, reason}. */
  explain(name, now) { return this._inner.explain(string(name, 'the feature name'), millis(now)); }
  /** Every instant the status map changes: [{from: Date, standing}]. */
  timeline() { return this._inner.timeline().map(({ fromMs, standing }) => ({ from: new Date(fromMs), standing })); }
}

let warnedOfSampleKey = false;
/**
 * Warns (process.emitWarning, type SampleKeyWarning), once per process,
 * when a validator trusts the public sample key: a product must not ship so.
 */
function warnIfSample(inner) {
  if (warnedOfSampleKey) return;
  const sample = inner.keys.find((k) => k.sampleKey);
  if (!sample) return;
  warnedOfSampleKey = true;
  process.emitWarning(
    `this validator trusts the SAMPLE key "${sample.kid}", whose private half ships with airgap-license: ` +
      'anyone can sign licenses it accepts; name your own key (Validator.fromPem) before shipping',
    'SampleKeyWarning',
  );
}

/** Trusted keys: the compiled-in ones, or a folder's. */
class Validator {
  constructor(inner) {
    this._inner = inner || new native.NativeValidator();
    warnIfSample(this._inner);
  }
  static fromKeysDir(path) {
    return validatorWithKeys(() => native.NativeValidator.fromKeysDir(string(path, 'the keys folder')));
  }
  /**
   * One Ed25519 public key as PEM text (what `openssl pkey -pubout` writes)
   * under kid: how a product names its key to a prebuilt package. A private
   * key is refused, named.
   */
  static fromPem(kid, pem) {
    return validatorWithKeys(() => native.NativeValidator.fromPem(string(kid, 'kid'), text(pem, 'pem')));
  }
  /** The same validator for a product released on day ("YYYY-MM-DD" or a Date, UTC). */
  withReleaseDate(day) {
    const text = day instanceof Date ? day.toISOString().slice(0, 10) : day;
    return new Validator(this._inner.withReleaseDate(text));
  }
  /**
   * The same validator refusing every license the revocation list text (a
   * string or a Buffer, as airgap-license-issuer revoke writes it) names:
   * verify throws RevokedError for one. Throws if the list does not verify
   * with the trusted keys.
   */
  withRevocations(list) {
    return new Validator(this._inner.withRevocations(text(list, 'the revocation list')));
  }
  /** The verdict object of text at now (never throws for a bad license). */
  judge(license, now) {
    return this._inner.judge(text(license), millis(now));
  }
  /** The trusted keys: [{kid, fingerprint, sampleKey}]. */
  get keys() {
    return this._inner.keys;
  }
  /** Verifies text (a string or a Buffer); throws RejectedError. */
  verify(license) {
    const result = this._inner.verify(text(license));
    if (result instanceof native.NativeLicense) return new License(result);
    return raise(result);
  }
}

/**
 * A store folder (README, "Licenses bound to machines"): this machine's
 * device key, activation requests, and release receipts.
 */
class Store {
  constructor(path) {
    this._path = string(path, 'the store folder');
    this._inner = new native.NativeStore(this._path);
  }
  /** The store in the default folder (AIRGAP_LICENSE_STORE, else the system's), as the command line finds it. */
  static default() {
    return new Store(native.NativeStore.defaultDir());
  }
  /** The store's folder. */
  get path() {
    return this._path;
  }
  /** {deviceFingerprint, created, components, label}: names only, never values. */
  machine() {
    return this._inner.machine();
  }
  /** The armored activation request for a template license; throws RejectedError. */
  request(validator, license, now) {
    const result = this._inner.request(validatorOf(validator), text(license), millis(now));
    if (typeof result === 'string') return result;
    return raise(result);
  }
  /** Removes the active license: {removed, receipt} (receipt for a license bound here). */
  deactivate(now) {
    const done = this._inner.deactivate(millis(now));
    return { removed: done.removed ?? null, receipt: done.receipt ?? null };
  }
  /** The last release receipt written, or null. */
  lastReceipt() {
    return this._inner.lastReceipt() ?? null;
  }
  /**
   * Makes text the active license (README, "Activation"), or holds a renewal
   * not yet in effect: the verdict object with `stored` (and `pending`).
   * Throws the verdict's error class when the store refuses it.
   */
  activate(validator, license, { licenseId, now } = {}) {
    return admitted(this._inner.activate(validatorOf(validator), text(license), licenseId ?? null, millis(now)));
  }
  /** Replaces the active license with its successor; as activate. */
  regenerate(validator, license, { now } = {}) {
    return admitted(this._inner.regenerate(validatorOf(validator), text(license), millis(now)));
  }
  /** The active license's verdict object with its `status` map, `stored` and `pending`. */
  status(validator, now) {
    return this._inner.status(validatorOf(validator), millis(now));
  }
  /** The event log, oldest first: [{event: {id, createInstant, type, ...}}]. */
  events() {
    return this._inner.events();
  }
}

function admitted(result) {
  if (result && typeof result.kind === 'string' && typeof result.exitCode === 'number' && !('stored' in result)) {
    return raise(result);
  }
  return result;
}

/** Verifies text with the compiled-in keys at nowMs: {exitCode, status}. */
let embeddedChecked = false;
function check(license, nowMs) {
  if (!embeddedChecked) {
    embeddedChecked = true;
    warnIfSample(new native.NativeValidator());
  }
  return native.check(text(license), nowMs === undefined ? Date.now() : nowMs);
}

module.exports = {
  check,
  Validator,
  License,
  Store,
  LicenseError,
  KeysError,
  ...ERROR_CLASSES,
  version: native.version(),
};
