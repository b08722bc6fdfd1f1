/**
 * When deleting an EcsCluster waits instead of failing: ECS refuses DeleteCluster while services,
 * tasks, container instances or capacity providers remain (ADR 0019), and the condition names them.
 */

/** ECS's refusals of DeleteCluster while something still runs in the cluster: wait, do not stall. */
export const STILL_IN_USE = new Set([
  'ClusterContainsServicesException',
  'ClusterContainsTasksException',
  'ClusterContainsContainerInstancesException',
  'ClusterContainsCapacityProviderException',
]);

/** The condition's message while deletion waits for `services` (ten named at most), or for `detail`. */
export function deletionBlockedMessage(
  clusterName: string,
  services: readonly string[],
  detail: string | undefined,
): string {
  const shown = services.slice(0, 10);
  const more = services.length > shown.length ? ` and ${services.length - shown.length} more` : '';
  const named =
    services.length === 0
      ? (detail ?? 'something still runs in it')
      : `services ${shown.join(', ')}${more} still run in it`;
  return `ECS cluster ${clusterName} is not deleted while ${named}; delete them (or set spec.deletionPolicy: Retain to keep the cluster)`;
}
