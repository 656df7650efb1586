// Types of airgap-license for Node.js, written to match index.js (a test
// ties the error classes to the runtime; CI type-checks test/types.ts with
// tsc --strict).

/// <reference types="node" />

/** A feature's state. */
export type FeatureState = 'ACTIVE' | 'DISABLED' | 'DISCONNECTED' | 'PENDING' | 'UNKNOWN';

/** An instant: a Date, or milliseconds since the epoch; the default is now. */
export type Instant = Date | number;

/** License text: a string or a Buffer, in any form the CLI accepts. */
export type LicenseText = string | Buffer;

/** The GET /api/reactor body: `{status: {<feature>: state, licensed, expiration, licenseAttributes}}`. */
export interface StatusBody {
  status: { [name: string]: unknown; licensed: boolean };
}

/** The verdict object, as `airgap-license verify --json` prints it. */
export interface Verdict {
  exitCode: number;
  verdict: string;
  checkedAt: string;
  licenseId?: string;
  issuedTo?: string;
  plan?: string;
  kid?: string;
  errors?: unknown;
  [member: string]: unknown;
}

/** A trusted key. */
export interface TrustedKey {
  kid: string;
  fingerprint: string;
  sampleKey: boolean;
}

/** A license is not in effect, or is not a license at all. */
export class LicenseError extends Error {
  /** The FusionAuth code, e.g. "[invalid]signature". */
  readonly code: string;
  /** The CLI's exit code. */
  readonly exitCode: number;
}
/** Trusted keys that cannot be used (fromKeysDir, fromPem): code "[unusable]keys", exit code 2. */
export class KeysError extends LicenseError {}
export class RejectedError extends LicenseError {}
export class RevokedError extends LicenseError {}
export class ExpiredError extends LicenseError {}
export class NotYetInEffectError extends LicenseError {}
export class ClockUntrustedError extends LicenseError {}
export class EndsWithinError extends LicenseError {}
export class UnboundError extends LicenseError {}
export class NotCoveredError extends LicenseError {}

/** A license whose signature verified. */
export class License {
  private constructor();
  /** Throws the verdict's error class unless in effect at `now`. */
  check(now?: Instant): void;
  feature(name: string, now?: Instant): FeatureState;
  status(now?: Instant): StatusBody;
  /** The verdict object at `now`. */
  judge(now?: Instant): Verdict;
  /** Whole days from `now` to `endsAt` (0 once ended); null for a perpetual license. */
  daysLeft(now?: Instant): number | null;
  readonly licenseId: string;
  readonly issuedTo: string;
  readonly plan: string;
  readonly licenseType: string;
  readonly kid: string;
  /** The last day in effect, "YYYY-MM-DD"; null for a perpetual license. */
  readonly expiration: string | null;
  /** maintenanceUntil, "YYYY-MM-DD", or null. */
  readonly maintenanceUntil: string | null;
  readonly issued: string;
  readonly notBefore: string;
  /** The first instant no longer in effect; null for a perpetual license. */
  readonly endsAt: Date | null;
  readonly sequence: number;
  readonly sampleKey: boolean;
  readonly graceDays: number;
  readonly noticeDays: number;
  inNotice(now?: Instant): boolean;
  readonly supersedes: string[];
  readonly machines: number | null;
  planAtLeast(plan: string): boolean | null;
  explain(name: string, now?: Instant): { feature: string; state: FeatureState; reason: string };
  timeline(): Array<{ from: Date; standing: string }>;
}

/** Trusted keys: the compiled-in ones, a folder's, or one given as PEM text. */
export class Validator {
  constructor();
  static fromKeysDir(path: string): Validator;
  static fromPem(kid: string, pem: string | Buffer): Validator;
  /** The same validator for a product released on `day` ("YYYY-MM-DD" or a Date, UTC). */
  withReleaseDate(day: string | Date): Validator;
  /** The same validator refusing the licenses a revocation list names. */
  withRevocations(text: LicenseText): Validator;
  /** Verifies text; throws RejectedError (or RevokedError, UnboundError). */
  verify(text: LicenseText): License;
  /** The verdict object of text at `now`; never throws for a bad license. */
  judge(text: LicenseText, now?: Instant): Verdict;
  readonly keys: TrustedKey[];
}

/** What `Store.deactivate` did. */
export interface Deactivation {
  removed: string | null;
  receipt: string | null;
}

/** A store folder (README, "Activation"). */
export class Store {
  constructor(path: string);
  /** The store in the default folder, as the command line finds it. */
  static default(): Store;
  readonly path: string;
  activate(validator: Validator, text: LicenseText, options?: { licenseId?: string; now?: Instant }): Verdict & { stored: boolean };
  regenerate(validator: Validator, text: LicenseText, options?: { now?: Instant }): Verdict & { stored: boolean };
  status(validator: Validator, now?: Instant): Verdict & StatusBody & { stored: boolean };
  deactivate(now?: Instant): Deactivation;
  events(): Array<{ event: { id: string; createInstant: number; type: string; [member: string]: unknown } }>;
  machine(): { deviceFingerprint: string; created: boolean; components: string[]; label: string };
  request(validator: Validator, text: LicenseText, now?: Instant): string;
  lastReceipt(): string | null;
}

/** Verifies text with the compiled-in keys at `nowMs`: the CLI's exit code and the status map (`status.scimServer`, `status.licensed`). */
export function check(text: LicenseText, nowMs?: number): { exitCode: number; status: StatusBody['status'] };

/** The library's version. */
export const version: string;
