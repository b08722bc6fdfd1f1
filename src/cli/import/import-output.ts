/**
 * What `ecs-bridge import` does with what it imported: writes the manifests (stdout, or one file per
 * item under `--out`), then plans them against the same AWS state and says whether anything would
 * change (it should not: applying imported manifests writes nothing, ADR 0007).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestSet, OurManifest } from '../manifests.js';
import { buildPlan } from '../plan/build-plan.js';
import { verdictEffect } from '../plan/plan-model.js';
import type { ReadOnlyAws } from '../read-only-aws.js';
import { createStyle, type CliIo, type Progress } from '../terminal.js';
import { importedYaml, type ImportedDocument } from './import-yaml.js';

/** One imported item: a cluster, or a service with what it needs. */
export interface Imported {
  /** The file name (without `.yaml`) under --out. */
  readonly name: string;
  readonly documents: readonly ImportedDocument[];
  readonly objects: readonly OurManifest[];
}

/** Writes the manifests to stdout, or one file per imported item under `dir`. */
export function writeOutput(out: CliIo, imported: readonly Imported[], dir: string | undefined): void {
  if (dir === undefined) {
    if (imported.length > 0) out.stdout.write(importedYaml(imported.flatMap((i) => i.documents)));
    return;
  }
  mkdirSync(dir, { recursive: true });
  for (const item of imported) {
    const path = join(dir, `${item.name}.yaml`);
    writeFileSync(path, importedYaml(item.documents));
    out.stderr.write(`ecs-bridge import: wrote ${path}\n`);
  }
}

/** Plans the imported manifests against the same AWS state; returns how many objects would not be quiet. */
export async function verify(
  out: CliIo,
  imported: readonly Imported[],
  options: {
    readonly aws: ReadOnlyAws;
    readonly instanceId: string;
    readonly region: string;
    readonly endpoint: string | undefined;
    readonly progress: Progress;
  },
): Promise<number> {
  const set: ManifestSet = { objects: imported.flatMap((i) => i.objects), skipped: [] };
  if (set.objects.length === 0) return 0;
  const entries = await buildPlan(set, {
    aws: options.aws,
    instanceId: options.instanceId,
    defaultRegion: options.region,
    endpoint: options.endpoint,
    progress: options.progress,
  });
  options.progress.done();
  const style = createStyle(out.colourErr);
  const loud = entries.filter((e) => verdictEffect(e.verdict) !== 'none');
  for (const e of loud) {
    out.stderr.write(
      `ecs-bridge import: ${style.yellow(`check: ${e.kind} ${e.name} would not be quiet (${e.verdict})`)}: ${e.summary}\n`,
    );
  }
  if (loud.length === 0) {
    const adopt = entries.filter((e) => e.verdict === 'adopt').length;
    out.stderr.write(
      `ecs-bridge import: ${style.green(`checked: planning the ${entries.length} imported object(s) finds nothing to change`)} (${adopt} to adopt as they are, with no write)\n`,
    );
  }
  return loud.length;
}
