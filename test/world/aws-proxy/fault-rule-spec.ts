/**
 * Validation of fault rules arriving from outside (the control API gets them as JSON from another
 * process): a bad rule is refused with a message naming the field, instead of silently never
 * matching. Unknown fields are refused too, so a typo such as `time: 3` cannot make a rule
 * permanent.
 */
import type { FaultRuleSpec, FaultSpec } from './fault-rules.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { ResponsePatch } from './response-patch.js';

const RULE_KEYS = ['service', 'action', 'bodyContains', 'fault', 'times', 'probability', 'description'];
const FAULT_KEYS: Readonly<Record<FaultSpec['kind'], readonly string[]>> = {
  throttle: ['kind'],
  error: ['kind', 'status', 'code', 'message'],
  reset: ['kind'],
  latency: ['kind', 'ms'],
  respond: ['kind', 'status', 'body', 'headers'],
  patch: ['kind', 'patches'],
};
const PATCH_KEYS = ['path', 'where', 'merge'];
// A latency longer than this is a mistake (seconds given as milliseconds the other way round).
const MAX_LATENCY_MS = 10 * 60 * 1000;

function fail(message: string): never {
  throw new TypeError(`invalid fault rule: ${message}`);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const extra = Object.keys(value).filter((key) => !allowed.includes(key));
  if (extra.length > 0)
    fail(`${where} has unknown field(s) ${extra.join(', ')}; allowed: ${allowed.join(', ')}`);
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') fail(`${where} must be a non-empty string`);
  return value;
}

function integerIn(value: unknown, min: number, max: number, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${where} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  return isJsonObject(value) && Object.values(value).every(isJsonValue);
}

function parsePatch(value: unknown, where: string): ResponsePatch {
  const patch = record(value, where);
  onlyKeys(patch, PATCH_KEYS, where);
  if (patch.merge === undefined || !isJsonValue(patch.merge)) fail(`${where}.merge must be a JSON value`);
  const path = patch.path;
  if (path !== undefined && typeof path !== 'string') fail(`${where}.path must be a string`);
  let whereClause: JsonObject | undefined;
  if (patch.where !== undefined) {
    if (!isJsonObject(patch.where) || !isJsonValue(patch.where)) fail(`${where}.where must be a JSON object`);
    whereClause = patch.where;
  }
  return {
    ...(path === undefined ? {} : { path }),
    ...(whereClause === undefined ? {} : { where: whereClause }),
    merge: patch.merge,
  };
}

function parseHeaders(value: unknown, where: string): Record<string, string> {
  const headers = record(value, where);
  for (const [name, header] of Object.entries(headers)) {
    if (typeof header !== 'string') fail(`${where}.${name} must be a string`);
  }
  return headers as Record<string, string>;
}

/** Validates a fault spec; throws `TypeError` naming the bad field. */
export function parseFaultSpec(value: unknown): FaultSpec {
  const fault = record(value, 'fault');
  const kind = fault.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(FAULT_KEYS, kind)) {
    fail(`fault.kind must be one of ${Object.keys(FAULT_KEYS).join(', ')}`);
  }
  onlyKeys(fault, FAULT_KEYS[kind as FaultSpec['kind']], `fault (${kind})`);
  switch (kind as FaultSpec['kind']) {
    case 'throttle':
      return { kind: 'throttle' };
    case 'reset':
      return { kind: 'reset' };
    case 'latency': {
      const ms = fault.ms;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_LATENCY_MS) {
        fail(`fault.ms must be a number of milliseconds from 0 to ${MAX_LATENCY_MS}`);
      }
      return { kind: 'latency', ms };
    }
    case 'error': {
      const status = integerIn(fault.status, 400, 599, 'fault.status');
      const code = optionalString(fault.code, 'fault.code');
      if (code === undefined && status < 500) fail('fault.code is required for a 4xx error');
      const message = typeof fault.message === 'string' ? fault.message : undefined;
      if (fault.message !== undefined && message === undefined) fail('fault.message must be a string');
      return {
        kind: 'error',
        status,
        ...(code === undefined ? {} : { code }),
        ...(message === undefined ? {} : { message }),
      };
    }
    case 'respond': {
      const status = integerIn(fault.status, 200, 599, 'fault.status');
      if (fault.body === undefined || !isJsonValue(fault.body)) fail('fault.body must be a JSON value');
      const headers = fault.headers === undefined ? undefined : parseHeaders(fault.headers, 'fault.headers');
      return { kind: 'respond', status, body: fault.body, ...(headers === undefined ? {} : { headers }) };
    }
    case 'patch': {
      if (!Array.isArray(fault.patches) || fault.patches.length === 0) {
        fail('fault.patches must be a non-empty array of { path?, where?, merge }');
      }
      return {
        kind: 'patch',
        patches: fault.patches.map((patch: unknown, i) => parsePatch(patch, `fault.patches[${i}]`)),
      };
    }
  }
}

/** Validates a rule from outside and returns a clean copy; throws `TypeError` naming the bad field. */
export function parseFaultRuleSpec(value: unknown): FaultRuleSpec {
  const rule = record(value, 'rule');
  onlyKeys(rule, RULE_KEYS, 'rule');
  const service = optionalString(rule.service, 'service');
  const action = optionalString(rule.action, 'action');
  const bodyContains = optionalString(rule.bodyContains, 'bodyContains');
  const description = optionalString(rule.description, 'description');
  const times =
    rule.times === undefined ? undefined : integerIn(rule.times, 1, Number.MAX_SAFE_INTEGER, 'times');
  let probability: number | undefined;
  if (rule.probability !== undefined) {
    if (typeof rule.probability !== 'number' || !(rule.probability > 0 && rule.probability <= 1)) {
      fail('probability must be a number in (0, 1]');
    }
    probability = rule.probability;
  }
  return {
    ...(service === undefined ? {} : { service }),
    ...(action === undefined ? {} : { action }),
    ...(bodyContains === undefined ? {} : { bodyContains }),
    fault: parseFaultSpec(rule.fault),
    ...(times === undefined ? {} : { times }),
    ...(probability === undefined ? {} : { probability }),
    ...(description === undefined ? {} : { description }),
  };
}
