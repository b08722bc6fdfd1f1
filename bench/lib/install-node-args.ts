/**
 * The Node.js flags the shipped install gives the operator, so the benchmark measures the operator
 * as users run it: the same heap cap and compiler tiers, and therefore the same footprint. They come
 * from two places: the image's `ENTRYPOINT` (the flags Node refuses in `NODE_OPTIONS`, such as
 * `--max-opt`) and `NODE_OPTIONS` in deploy/base/deployment.yaml (the heap's sizes).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the kustomize base's Deployment lives, from the repository root. */
export const INSTALL_DEPLOYMENT = 'deploy/base/deployment.yaml';

/**
 * The `NODE_OPTIONS` value of the Deployment manifest `text`, split into flags; throws when the
 * manifest sets none (the benchmark would silently measure another configuration).
 */
export function nodeArgsOf(text: string): string[] {
  const match = /- name: NODE_OPTIONS\s*\n\s*value:\s*(.+)/.exec(text);
  const value = match?.[1]?.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (value === undefined || value === '') {
    throw new Error(`${INSTALL_DEPLOYMENT}: no NODE_OPTIONS value; the benchmark runs the operator with it`);
  }
  return value.split(/\s+/);
}

/** The image's recipe, from the repository root. */
export const INSTALL_DOCKERFILE = 'Dockerfile';

/**
 * The Node.js flags in the exec-form `ENTRYPOINT` of the Dockerfile `text`: what comes between
 * `node` and the script it runs. Throws when there is no such entrypoint (the benchmark would
 * silently measure another configuration).
 */
export function entrypointNodeArgsOf(text: string): string[] {
  const match = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(text);
  const command: unknown = match === null ? undefined : JSON.parse(match[1] ?? '');
  if (!Array.isArray(command) || command[0] !== 'node' || !command.every((a) => typeof a === 'string')) {
    throw new Error(
      `${INSTALL_DOCKERFILE}: no exec-form ENTRYPOINT ["node", ...]; the benchmark runs the operator with it`,
    );
  }
  const args: string[] = command.slice(1);
  const script = args.findIndex((a) => !a.startsWith('-'));
  return script < 0 ? args : args.slice(0, script);
}

/** The install's operator Node.js flags (the image's, then `NODE_OPTIONS`), read from the repository at `root`. */
export function installNodeArgs(root = resolve(import.meta.dirname, '..', '..')): string[] {
  return [
    ...entrypointNodeArgsOf(readFileSync(resolve(root, INSTALL_DOCKERFILE), 'utf8')),
    ...nodeArgsOf(readFileSync(resolve(root, INSTALL_DEPLOYMENT), 'utf8')),
  ];
}

/**
 * Environment variables of the install's container that shape the operator's memory and that the
 * benchmark passes on too: the image's allocator (jemalloc preloaded, and its settings; ADR 0061)
 * and glibc's malloc arenas, should a Deployment set them.
 */
export const INSTALL_ENV_NAMES = ['LD_PRELOAD', 'MALLOC_CONF', 'MALLOC_ARENA_MAX'] as const;

/** The values the Deployment manifest `text` gives the {@link INSTALL_ENV_NAMES} it sets. */
export function envOf(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INSTALL_ENV_NAMES) {
    const match = new RegExp(`- name: ${name}\\s*\\n\\s*value:\\s*(.+)`).exec(text);
    const value = match?.[1]?.trim().replace(/^(["'])(.*)\1$/, '$2');
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * The values the `ENV` instructions of the Dockerfile `text` give the {@link INSTALL_ENV_NAMES}, in
 * the `ENV NAME=value` form (continuation lines joined; the last stage's win, as in the image).
 */
export function imageEnvOf(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  const joined = text.replace(/\\\n/g, ' ');
  for (const line of joined.split('\n')) {
    const instruction = /^ENV\s+(.*)$/.exec(line.trim());
    if (instruction === null) continue;
    for (const pair of (instruction[1] ?? '').trim().split(/\s+/)) {
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      if (at > 0 && (INSTALL_ENV_NAMES as readonly string[]).includes(name)) {
        env[name] = pair.slice(at + 1).replace(/^(["'])(.*)\1$/, '$2');
      }
    }
  }
  return env;
}

/**
 * The install's memory-shaping environment variables, read from the repository at `root`: the
 * image's, then the Deployment's (which override them, as Kubernetes does). An empty value (a
 * Deployment's `LD_PRELOAD: ""` turning the allocator off) is dropped.
 */
export function installEnv(root = resolve(import.meta.dirname, '..', '..')): Record<string, string> {
  const env = {
    ...imageEnvOf(readFileSync(resolve(root, INSTALL_DOCKERFILE), 'utf8')),
    ...envOf(readFileSync(resolve(root, INSTALL_DEPLOYMENT), 'utf8')),
  };
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
}
