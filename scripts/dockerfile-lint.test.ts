import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './dockerfile-lint.js';

const root = resolve(import.meta.dirname, '..');

describe('lintDockerfile', () => {
  it('passes the repository Dockerfile', () => {
    expect(lintDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'))).toEqual([]);
  });

  it('finds every rule broken in a bad Dockerfile, with its line', () => {
    const bad = [
      'ARG BASE=node:latest',
      'FROM ${BASE} AS build',
      'RUN npm ci',
      'FROM node',
      'ADD https://example.com/tool.tgz /tmp/',
      'RUN npm ci --no-audit',
      'USR 1000',
      'ENTRYPOINT node bin/ecs-bridge.js',
      '',
    ].join('\n');
    const messages = lintDockerfile(bad).map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual([
      '2: FROM node:latest: tag "latest" moves; pin a version',
      '4: FROM node: pin the base image by version tag',
      '4: the final stage sets no USER: it would run as root',
      '5: ADD from a URL: fetch with a checksum in a RUN step instead',
      '6: npm in the final stage without --omit=dev installs dev dependencies',
      '7: Unknown instruction: USR',
      '8: ENTRYPOINT in shell form: the process is not PID 1 and gets no SIGTERM; use the JSON form',
    ]);
  });

  it('refuses root and named users, and accepts a stage built FROM an earlier stage', () => {
    const base = 'FROM node:24.22.3-bookworm-slim AS a\nFROM a\n';
    expect(lintDockerfile(`${base}USER root\n`).map((p) => p.message)).toEqual([
      'USER root: use a non-root numeric uid, so Kubernetes can verify runAsNonRoot',
    ]);
    expect(lintDockerfile(`${base}USER node\n`)).toHaveLength(1);
    expect(lintDockerfile(`${base}USER 1000:1000\n`)).toEqual([]);
  });
});
