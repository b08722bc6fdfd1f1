import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalFromSpec } from './canonical.js';
import { isSpecHash, specHash } from './hash.js';
import type { EcsTaskDefinitionSpec } from './types.js';

describe('specHash', () => {
  it('hashes in the versioned format', () => {
    const hash = specHash(
      canonicalFromSpec({ containerDefinitions: [{ name: 'api', image: 'api:v1' }] }, 'api'),
    );
    expect(hash).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(isSpecHash(hash)).toBe(true);
    expect(isSpecHash('abc')).toBe(false);
  });
});

/** A deterministic permutation from a seed (mulberry32), so fast-check can shrink seeds. */
function permute<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Rebuilds every object with its keys inserted in a permuted order (arrays keep their order). */
function reorderKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => reorderKeys(v, seed + i + 1));
  if (typeof value === 'object' && value !== null) {
    const entries = permute(Object.entries(value), seed);
    return Object.fromEntries(entries.map(([k, v], i) => [k, reorderKeys(v, seed * 31 + i)]));
  }
  return value;
}

const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/);
const envArb = fc.uniqueArray(fc.record({ name, value: fc.string({ maxLength: 8 }) }), {
  selector: (e) => e.name,
  maxLength: 8,
});
const specArb = fc.record({
  image: fc.stringMatching(/^[a-z]{1,6}:[0-9]{1,2}$/),
  env: envArb,
  secrets: fc.uniqueArray(fc.record({ name, valueFrom: fc.stringMatching(/^\/app\/[a-z]{1,6}$/) }), {
    selector: (e) => e.name,
    maxLength: 4,
  }),
  labels: fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.string({ maxLength: 5 }), { maxKeys: 4 }),
  memory: fc.integer({ min: 4, max: 4096 }),
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  command: fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }),
});

type SpecParts = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

function toSpec(p: SpecParts): EcsTaskDefinitionSpec {
  return {
    networkMode: 'awsvpc',
    containerDefinitions: [
      {
        name: 'app',
        image: p.image,
        memory: p.memory,
        environment: p.env,
        secrets: p.secrets,
        dockerLabels: p.labels,
        command: p.command,
        ...(p.port === undefined ? {} : { portMappings: [{ containerPort: p.port }] }),
      },
      { name: 'side', image: 'busybox', memoryReservation: 16, essential: false },
    ],
  };
}

describe('hash properties', () => {
  it('reordering environment variables, secrets or object keys never changes the hash', () => {
    fc.assert(
      fc.property(specArb, fc.integer(), (parts, seed) => {
        const spec = toSpec(parts);
        const shuffled = toSpec({
          ...parts,
          env: permute(parts.env, seed),
          secrets: permute(parts.secrets, seed + 7),
        });
        const rekeyed = reorderKeys(shuffled, seed) as EcsTaskDefinitionSpec;
        expect(specHash(canonicalFromSpec(rekeyed, 'fam'))).toBe(specHash(canonicalFromSpec(spec, 'fam')));
      }),
    );
  });

  const mutations: readonly [string, (p: SpecParts) => SpecParts | undefined][] = [
    ['image', (p) => ({ ...p, image: `${p.image}0` })],
    ['memory', (p) => ({ ...p, memory: p.memory + 1 })],
    [
      'add env var',
      (p) =>
        p.env.some((e) => e.name === 'NEW_VAR')
          ? undefined
          : { ...p, env: [...p.env, { name: 'NEW_VAR', value: 'x' }] },
    ],
    [
      'env value',
      (p) =>
        p.env.length === 0
          ? undefined
          : { ...p, env: [{ ...p.env[0]!, value: `${p.env[0]!.value}!` }, ...p.env.slice(1)] },
    ],
    ['drop env var', (p) => (p.env.length === 0 ? undefined : { ...p, env: p.env.slice(1) })],
    [
      'secret source',
      (p) =>
        p.secrets.length === 0
          ? undefined
          : {
              ...p,
              secrets: [
                { ...p.secrets[0]!, valueFrom: `${p.secrets[0]!.valueFrom}x` },
                ...p.secrets.slice(1),
              ],
            },
    ],
    ['port', (p) => ({ ...p, port: p.port === undefined ? 8080 : p.port === 65535 ? 1 : p.port + 1 })],
    ['command', (p) => ({ ...p, command: [...p.command, 'extra'] })],
    ['label', (p) => ({ ...p, labels: { ...p.labels, zz: `${p.labels.zz ?? ''}!` } })],
  ];

  it('a real change always changes the hash', () => {
    fc.assert(
      fc.property(specArb, fc.constantFrom(...mutations), (parts, [, mutate]) => {
        const changed = mutate(parts);
        fc.pre(changed !== undefined);
        expect(specHash(canonicalFromSpec(toSpec(changed), 'fam'))).not.toBe(
          specHash(canonicalFromSpec(toSpec(parts), 'fam')),
        );
      }),
    );
  });
});
