import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKubeConfig } from './kube-config.js';

const kubeconfig = `
apiVersion: v1
kind: Config
clusters:
- name: one
  cluster: { server: https://one.example:6443 }
- name: two
  cluster: { server: https://two.example:6443 }
users:
- name: admin
  user: { token: t }
contexts:
- name: first
  context: { cluster: one, user: admin }
- name: second
  context: { cluster: two, user: admin }
- name: dangling
  context: { cluster: missing, user: admin }
current-context: first
`;

function writeKubeconfig(text = kubeconfig): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kube-config-test-')), 'config');
  writeFileSync(path, text);
  return path;
}

const extra = `
apiVersion: v1
kind: Config
clusters:
- name: three
  cluster: { server: https://three.example:6443 }
users:
- name: other
  user: { token: u }
contexts:
- name: third
  context: { cluster: three, user: other }
current-context: third
`;

describe('loadKubeConfig', () => {
  it('uses the current context of a kubeconfig file', () => {
    const kc = loadKubeConfig({ kubeconfigPath: writeKubeconfig() });
    expect(kc.getCurrentCluster()?.server).toBe('https://one.example:6443');
  });

  it('switches to the named context', () => {
    const kc = loadKubeConfig({ kubeconfigPath: writeKubeconfig(), context: 'second' });
    expect(kc.getCurrentCluster()?.server).toBe('https://two.example:6443');
  });

  it('merges several files as KUBECONFIG does: the first one’s current context wins', () => {
    const kc = loadKubeConfig({ kubeconfigPaths: [writeKubeconfig(), writeKubeconfig(extra)] });
    expect(kc.getCurrentContext()).toBe('first');
    const third = loadKubeConfig({
      kubeconfigPaths: [writeKubeconfig(), writeKubeconfig(extra)],
      context: 'third',
    });
    expect(third.getCurrentCluster()?.server).toBe('https://three.example:6443');
  });

  it.each([
    [
      { context: 'nope' },
      'kubeconfig context "nope" not found; known contexts: "first", "second", "dangling"',
    ],
    [{ context: 'dangling' }, 'kubeconfig has no cluster for the current context "dangling"'],
    [{ inCluster: true }, 'choose either an in-cluster config or a kubeconfig path, not both'],
  ])('fails with a message that names the problem: %j', (extra, message) => {
    expect(() => loadKubeConfig({ kubeconfigPath: writeKubeconfig(), ...extra })).toThrow(message);
  });

  it('names an unreadable file', () => {
    expect(() => loadKubeConfig({ kubeconfigPath: '/nonexistent/kubeconfig' })).toThrow(
      'cannot read kubeconfig "/nonexistent/kubeconfig"',
    );
  });
});
