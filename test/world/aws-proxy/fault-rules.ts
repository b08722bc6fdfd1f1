/**
 * Fault rules: what the proxy does instead of, or on top of, forwarding a call, and the ordered set
 * of rules it consults for every call.
 *
 * Faults come in two sorts. Answering faults (`throttle`, `error`, `reset`, `respond`) replace the
 * upstream: the first matching one that fires wins, in the order the rules were added. Shaping
 * faults (`latency`, `patch`) apply on the way to and from the upstream: every matching one that
 * fires applies, latencies add up, patches apply in order. So a test can keep a standing
 * `patch` rule for DescribeServices and still make the next two calls answer 503.
 */
import { parseFaultRuleSpec } from './fault-rule-spec.js';
import type { JsonValue } from './json.js';
import type { ResponsePatch } from './response-patch.js';

/** What a rule does to a call it matches. */
export type FaultSpec =
  /** Answer as an empty ECS bucket does: HTTP 400 ThrottlingException (awsQuery: Throttling). */
  | { readonly kind: 'throttle' }
  /** Answer with an AWS-shaped error; `code` defaults per service for 5xx and is required otherwise. */
  | { readonly kind: 'error'; readonly status: number; readonly code?: string; readonly message?: string }
  /** Destroy the connection without answering: the SDK sees a network error (ECONNRESET). */
  | { readonly kind: 'reset' }
  /** Wait this long, then forward. */
  | { readonly kind: 'latency'; readonly ms: number }
  /** Answer with this status and body (an object is sent as JSON, a string as it is). */
  | {
      readonly kind: 'respond';
      readonly status: number;
      readonly body: JsonValue;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Forward, then patch the upstream's JSON answer (2xx only) with these patches, in order. */
  | { readonly kind: 'patch'; readonly patches: readonly ResponsePatch[] };

/** The kind of a fault. */
export type FaultKind = FaultSpec['kind'];

/** A rule as a test writes it: which calls, what fault, for how long. */
export interface FaultRuleSpec {
  /** SigV4 service name (`ecs`, `application-autoscaling`, `elasticloadbalancing`); any when absent. */
  readonly service?: string;
  /** Action name, e.g. `DescribeServices`; any when absent. */
  readonly action?: string;
  /** Matches only calls whose raw request body contains this text. */
  readonly bodyContains?: string;
  readonly fault: FaultSpec;
  /** Applies to the next N matching calls that it fires on, then stops; forever when absent. */
  readonly times?: number;
  /** Fires on a matching call with this probability (0..1]; always when absent. */
  readonly probability?: number;
  /** Free text shown in listings, for the reader of a failing test. */
  readonly description?: string;
}

/** A rule the proxy holds: the spec plus its id and how it has been used. */
export interface FaultRule extends FaultRuleSpec {
  readonly id: string;
  /** Calls it may still fire on; absent for unlimited rules, 0 once used up. */
  readonly remaining?: number;
  /** Calls it has fired on. */
  readonly hits: number;
}

/** The call facts rules match on. */
export interface RuleTarget {
  readonly service: string;
  readonly action: string;
  readonly body: string;
}

/** True for faults that answer in place of the upstream. */
export function isAnsweringFault(fault: FaultSpec): boolean {
  return (
    fault.kind === 'throttle' || fault.kind === 'error' || fault.kind === 'reset' || fault.kind === 'respond'
  );
}

/** True when a rule's filters (ignoring lifetime and probability) match a call. */
export function ruleMatches(rule: FaultRuleSpec, target: RuleTarget): boolean {
  return (
    (rule.service === undefined || rule.service === target.service) &&
    (rule.action === undefined || rule.action === target.action) &&
    (rule.bodyContains === undefined || target.body.includes(rule.bodyContains))
  );
}

/** The ordered, mutable set of fault rules; `random` is injectable so probability tests are exact. */
export class FaultRuleSet {
  #rules: FaultRule[] = [];
  #nextId = 1;
  readonly #random: () => number;

  constructor(options: { readonly random?: () => number } = {}) {
    this.#random = options.random ?? Math.random;
  }

  /** Validates and adds a rule (last in order); throws `TypeError` with the reason if invalid. */
  add(spec: unknown): FaultRule {
    const valid = parseFaultRuleSpec(spec);
    const rule: FaultRule = {
      ...valid,
      id: `rule-${this.#nextId++}`,
      ...(valid.times === undefined ? {} : { remaining: valid.times }),
      hits: 0,
    };
    this.#rules.push(rule);
    return rule;
  }

  /** Every rule in order, used-up ones included (with `remaining: 0`). */
  list(): FaultRule[] {
    return [...this.#rules];
  }

  /** Removes one rule; false when no rule has that id. */
  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((rule) => rule.id !== id);
    return this.#rules.length !== before;
  }

  /** Removes every rule. Ids keep counting up, so an old id never names a new rule. */
  clear(): void {
    this.#rules = [];
  }

  /**
   * The answering rule that fires for a call, counted as used: the first, in order added, that
   * matches, has calls left and wins its probability draw. The server asks this first, then the
   * ECS bucket, then {@link FaultRuleSet.selectShapers}, so a call answered early never uses up a
   * latency or patch rule.
   */
  selectAnswer(target: RuleTarget): FaultRule | undefined {
    for (const rule of this.#live(target)) {
      if (isAnsweringFault(rule.fault) && this.#fires(rule)) return this.#use(rule);
    }
    return undefined;
  }

  /** Every shaping rule (`latency`, `patch`) that fires for a call, in order added, counted as used. */
  selectShapers(target: RuleTarget): FaultRule[] {
    return this.#live(target)
      .filter((rule) => !isAnsweringFault(rule.fault) && this.#fires(rule))
      .map((rule) => this.#use(rule));
  }

  #live(target: RuleTarget): FaultRule[] {
    return this.#rules.filter(
      (rule) => ruleMatches(rule, target) && (rule.remaining === undefined || rule.remaining > 0),
    );
  }

  #fires(rule: FaultRule): boolean {
    return rule.probability === undefined || this.#random() < rule.probability;
  }

  #use(rule: FaultRule): FaultRule {
    const used: FaultRule = {
      ...rule,
      hits: rule.hits + 1,
      ...(rule.remaining === undefined ? {} : { remaining: rule.remaining - 1 }),
    };
    this.#rules = this.#rules.map((r) => (r.id === rule.id ? used : r));
    return used;
  }
}
