/**
 * The EcsCluster `ecs-bridge import` writes for the cluster it was given, read with one
 * DescribeClusters through the read-only AWS views.
 */
import { CliError, explainAwsError } from '../cli-errors.js';
import type { ReadOnlyRegion } from '../read-only-aws.js';
import { clusterImportProblem, importCluster } from './import-cluster.js';
import type { Imported } from './import-output.js';

/**
 * The EcsCluster to write for the cluster (one DescribeClusters), or why there is none: a cluster
 * ecs-bridge already manages keeps its object, and the services then name it with `spec.cluster`.
 */
export async function importClusterItem(
  api: ReadOnlyRegion,
  cluster: string,
  clusterName: string,
  region: string,
  namespace: string,
): Promise<{ item?: Imported; objectName?: string; problem?: string }> {
  const { clusters } = await api.clusters.describeCluster(cluster).catch((err: unknown) => {
    const e = explainAwsError(err, {
      region,
      cluster: clusterName,
      doing: `describing cluster ${clusterName}`,
    });
    throw new CliError(e.message, e.fix);
  });
  const found = clusters.find((c) => c.clusterName === clusterName || c.clusterArn === cluster);
  const problem = clusterImportProblem(found, clusterName);
  if (problem !== undefined || found === undefined)
    return { problem: problem ?? `cluster ${clusterName}: not found` };
  const imported = importCluster({ cluster: found, region, namespace });
  const name = imported.manifest.metadata.name;
  return {
    objectName: name,
    item: {
      name: `ecscluster-${name}`,
      documents: [
        { manifest: imported.manifest, source: found.clusterArn ?? clusterName, notes: imported.notes },
      ],
      objects: [{ kind: 'EcsCluster', obj: imported.manifest, source: `ecscluster-${name}.yaml` }],
    },
  };
}
