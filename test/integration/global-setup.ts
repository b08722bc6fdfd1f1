/**
 * Starts the test world once for the integration project and hands its coordinates to the test
 * files (which run in worker processes) through vitest's provide/inject.
 */
import type { TestProject } from 'vitest/node';
import { startWorld, type WorldInfo } from '../world/world.js';

declare module 'vitest' {
  export interface ProvidedContext {
    world: WorldInfo;
    /** Kept for helpers that only need the kubeconfig. */
    kubeconfigPath: string;
    worldControlUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const world = await startWorld();
  process.stderr.write(
    `world: up in ${((Date.now() - started) / 1000).toFixed(1)} s (kubernetes ${world.info.versions.kubernetes}, etcd ${world.info.versions.etcd}, moto ${world.info.versions.moto})\n`,
  );
  project.provide('world', world.info);
  project.provide('kubeconfigPath', world.info.kubeconfigPath);
  project.provide('worldControlUrl', world.info.controlUrl);
  return async () => {
    await world.stop();
  };
}
