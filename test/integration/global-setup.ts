/**
 * Starts the test world once for the integration project (and the fault suite), builds the operator
 * as the package ships it, and hands both to the test files (which run in worker processes) through
 * vitest's provide/inject. Every operator and command line a test starts runs that build, as users
 * run it, and starts in a fraction of the time tsx takes to load the source.
 */
import type { TestProject } from 'vitest/node';
import { buildOperator } from '../world/operator-build.js';
import { startWorld, type WorldInfo } from '../world/world.js';

declare module 'vitest' {
  export interface ProvidedContext {
    world: WorldInfo;
    /** Kept for helpers that only need the kubeconfig. */
    kubeconfigPath: string;
    worldControlUrl: string;
    /** The built `ecs-bridge` CLI (the bundle) every operator and command line runs. */
    operatorCli: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const seconds = (): string => ((Date.now() - started) / 1000).toFixed(1);
  const building = buildOperator({ label: 'test-operator' }).then((build) => {
    process.stderr.write(`operator: built in ${seconds()} s (${build.cli})\n`);
    return build;
  });
  // Both at once (the build is mostly tsc's CPU, the world mostly waiting on its servers); when
  // one fails, what the other made is taken down before the error is reported.
  const [worldResult, buildResult] = await Promise.allSettled([startWorld(), building]);
  if (worldResult.status === 'rejected' || buildResult.status === 'rejected') {
    if (worldResult.status === 'fulfilled') await worldResult.value.stop();
    if (buildResult.status === 'fulfilled') buildResult.value.remove();
    throw worldResult.status === 'rejected'
      ? worldResult.reason
      : (buildResult as PromiseRejectedResult).reason;
  }
  const world = worldResult.value;
  const build = buildResult.value;
  process.stderr.write(
    `world: up in ${seconds()} s (kubernetes ${world.info.versions.kubernetes}, etcd ${world.info.versions.etcd}, moto ${world.info.versions.moto})\n`,
  );
  project.provide('world', world.info);
  project.provide('kubeconfigPath', world.info.kubeconfigPath);
  project.provide('worldControlUrl', world.info.controlUrl);
  project.provide('operatorCli', build.cli);
  return async () => {
    await world.stop();
    build.remove();
  };
}
