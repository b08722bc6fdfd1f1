/**
 * The value checks behind the operator's configuration (src/config.ts): each takes the raw text of
 * one flag or environment variable and answers the parsed value or what was expected instead, so
 * config.ts can quote the bad value and name its origin. Pure; nothing here reads the environment.
 */

/** pino's levels, plus `silent`. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Where the probe and metrics server listens. */
export interface BindAddress {
  /** An interface address; undefined means all interfaces. */
  readonly host: string | undefined;
  /** 0 picks a free port. */
  readonly port: number;
}

/** A check's answer: the parsed value, or a phrase saying what was expected. */
export type Check<T> = { readonly ok: T } | { readonly expected: string };

/** Narrows a duration check to whole seconds (APIs that take seconds). */
export function wholeSeconds(check: Check<number>, expected: string): Check<number> {
  return 'ok' in check && check.ok % 1_000 === 0 ? check : { expected };
}

const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A Go-style duration ("90s", "1m30s", "250ms") within [minMs, maxMs], in ms. */
export function duration(value: string, minMs: number, maxMs: number, prefix = ''): Check<number> {
  const expected = `${prefix}a duration from ${formatMs(minMs)} to ${formatMs(maxMs)}, such as 30s, 10m or 1h30m`;
  if (!DURATION.test(value)) return { expected };
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    ms += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  }
  ms = Math.round(ms);
  return ms >= minMs && ms <= maxMs ? { ok: ms } : { expected };
}

/** A duration in ms in its largest whole unit ("2m", "90s", "250ms"). */
export function formatMs(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

/** A base-10 integer within [min, max]. */
export function integer(value: string, min: number, max: number): Check<number> {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return n >= min && n <= max ? { ok: n } : { expected: `a whole number from ${min} to ${max}` };
}

const DECIMAL = /^\d+(?:\.\d+)?$/;

/** A number in (0, 1]. */
export function fraction(value: string): Check<number> {
  const n = DECIMAL.test(value) ? Number(value) : Number.NaN;
  return n > 0 && n <= 1 ? { ok: n } : { expected: 'a number above 0 and at most 1, such as 0.8' };
}

/** A decimal number within [min, max]. */
export function decimal(value: string, min: number, max: number): Check<number> {
  const n = DECIMAL.test(value) ? Number(value) : Number.NaN;
  return n >= min && n <= max ? { ok: n } : { expected: `a number from ${min} to ${max}` };
}

/** `true` or `false`. */
export function boolean(value: string): Check<boolean> {
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1') return { ok: true };
  if (lower === 'false' || lower === '0') return { ok: false };
  return { expected: 'true or false' };
}

const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** An RFC 1123 DNS label (a namespace or Lease name); `what` names it in the message. */
export function dnsLabel(value: string, what: string): Check<string> {
  return DNS_LABEL.test(value) ? { ok: value } : { expected: what };
}

/** An RFC 1123 DNS subdomain (dot-separated labels, at most 253 characters). */
export function dnsSubdomain(value: string): Check<string> {
  const ok = value.length <= 253 && value.split('.').every((part) => DNS_LABEL.test(part));
  return ok
    ? { ok: value }
    : { expected: 'a lowercase DNS name of up to 253 characters, such as ecs-bridge-prod' };
}

/** Comma-separated namespace names; empty means every namespace. */
export function namespaceList(value: string): Check<readonly string[]> {
  const names = [
    ...new Set(
      value
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== ''),
    ),
  ];
  const bad = names.find((n) => !DNS_LABEL.test(n));
  return bad === undefined
    ? { ok: names }
    : {
        expected: `comma-separated namespace names (lowercase letters, digits, dashes); "${bad}" is not one`,
      };
}

const LABEL_NAME =
  /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const SET_REQUIREMENT = /^(\S+)\s+(in|notin)\s+\(([^()]*)\)$/;
const EQUALITY_REQUIREMENT = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/;

/** A Kubernetes label selector (equality and set requirements); empty means none. */
export function labelSelector(value: string): Check<string | undefined> {
  if (value === '') return { ok: undefined };
  const expected =
    'a label selector such as "shard=a", "tier!=batch", "env in (prod,staging)", "owner" or "!legacy"';
  // Split on commas outside parentheses.
  const requirements: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (depth < 0 || depth > 1) return { expected };
    if (i === value.length || (c === ',' && depth === 0)) {
      requirements.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (depth !== 0) return { expected };
  for (const req of requirements) {
    const set = SET_REQUIREMENT.exec(req);
    if (set !== null) {
      const values = (set[3] ?? '').split(',').map((v) => v.trim());
      if (!LABEL_NAME.test(set[1] ?? '') || !values.every((v) => v !== '' && LABEL_VALUE.test(v)))
        return { expected };
      continue;
    }
    const equality = EQUALITY_REQUIREMENT.exec(req);
    if (equality !== null) {
      if (!LABEL_NAME.test(equality[1] ?? '') || !LABEL_VALUE.test(equality[3] ?? '')) return { expected };
      continue;
    }
    const name = req.startsWith('!') ? req.slice(1).trim() : req;
    if (!LABEL_NAME.test(name)) return { expected };
  }
  return { ok: value };
}

/** `host:port`, `:port`, or `0` (off). */
export function bindAddress(value: string): Check<BindAddress | undefined> {
  if (value === '0') return { ok: undefined };
  const expected =
    '[host]:port such as :8080 or 127.0.0.1:8080 (port 0 to 65535), or 0 to turn the server off';
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  if (match === null) return { expected };
  const port = Number(match[3]);
  if (port > 65_535) return { expected };
  const host = match[1] ?? match[2];
  return { ok: { host: host === undefined || host === '' ? undefined : host, port } };
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** One of pino's levels, or `silent`. */
export function logLevel(value: string): Check<LogLevel> {
  const level = LOG_LEVELS.find((l) => l === value.toLowerCase());
  return level === undefined ? { expected: LOG_LEVELS.join(', ') } : { ok: level };
}

/** `Delete` or `Retain`, as `spec.deletionPolicy` spells them (case-insensitive here). */
export function deletionPolicy(value: string): Check<'Delete' | 'Retain'> {
  const policy = (['Delete', 'Retain'] as const).find((p) => p.toLowerCase() === value.toLowerCase());
  return policy === undefined ? { expected: 'Delete or Retain' } : { ok: policy };
}

/** `Manage` or `Observe`, as `spec.managementPolicy` spells them (case-insensitive here). */
export function managementPolicy(value: string): Check<'Manage' | 'Observe'> {
  const policy = (['Manage', 'Observe'] as const).find((p) => p.toLowerCase() === value.toLowerCase());
  return policy === undefined ? { expected: 'Manage or Observe' } : { ok: policy };
}

/** `required` or `off`: whether EcsAccessPolicies are enforced (ADR 0021). */
export function accessPolicyMode(value: string): Check<'required' | 'off'> {
  const v = value.toLowerCase();
  return v === 'required' || v === 'off' ? { ok: v } : { expected: 'required or off' };
}

/** How log lines are written. */
export type LogFormat = 'json' | 'text';

/** `json` or `text`. */
export function logFormat(value: string): Check<LogFormat> {
  const v = value.toLowerCase();
  return v === 'json' || v === 'text' ? { ok: v } : { expected: 'json or text' };
}

/** An AWS Region name such as `eu-west-1`; empty means unset. */
export function awsRegion(value: string): Check<string | undefined> {
  if (value === '') return { ok: undefined };
  return /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(value)
    ? { ok: value }
    : { expected: 'an AWS region such as us-east-1 or eu-west-3' };
}

/** An http(s) URL for the AWS endpoint (an emulator); empty means unset. */
export function endpointUrl(value: string): Check<string | undefined> {
  if (value === '') return { ok: undefined };
  const expected = 'an http:// or https:// URL such as http://127.0.0.1:5000';
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? { ok: value } : { expected };
  } catch {
    return { expected };
  }
}

/** Freezes `value` and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
