/**
 * `npm run bench -- --services N [--speedup K] [--json out.json] [--quiet-resyncs R]`: how close
 * ecs-bridge converges a fleet to the floor ECS's rate limits set, what it costs in AWS calls, what
 * it does when nothing changes, how fast it reacts when idle, and what it weighs. Starts its own
 * test world (see test/world/world.ts), prints the figures, writes JSON, appends a row to
 * docs/performance.md and draws docs/perf/<run>.svg. A script that prints figures, not a timed test.
 */
import { startWorld } from '../test/world/world.js';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs, type BenchOptions } from './lib/options.js';
import { formatReport, writeOutputs } from './lib/outputs.js';
import { runBenchmark } from './lib/run.js';
import { formatScalingModel, scalingModel, scalingModelArgs } from './lib/scaling-model.js';

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(BENCH_USAGE);
    return 0;
  }
  if (process.argv.includes('--scaling-model')) {
    // The model of docs/scaling.md: no world, no operator.
    process.stdout.write(formatScalingModel(scalingModel(scalingModelArgs(process.argv.slice(2)))));
    return 0;
  }
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof BenchUsageError) {
      process.stderr.write(`bench: ${err.message}\n\n${BENCH_USAGE}`);
      return 2;
    }
    throw err;
  }
  const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
  log('starting the world (kube-apiserver, etcd, moto, AWS proxy)...');
  const world = await startWorld({ speedup: options.speedup, log });
  // Interrupted (Ctrl-C, a CI timeout): kube-apiserver, etcd and moto run in process groups of
  // their own and would outlive this process; stop them first.
  const interrupted = (signal: NodeJS.Signals, code: number): void => {
    log(`${signal}: stopping the world`);
    void world.stop().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => interrupted('SIGINT', 130));
  process.once('SIGTERM', () => interrupted('SIGTERM', 143));
  try {
    const measured = await runBenchmark({
      world: world.info,
      control: world.proxy.control,
      resetAws: () => world.resetAws(),
      options,
      log,
    });
    const result = writeOutputs(measured, options);
    process.stdout.write(formatReport(result));
    return result.convergence.allReady ? 0 : 1;
  } finally {
    await world.stop();
  }
}

process.exitCode = await main();
