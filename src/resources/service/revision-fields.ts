/**
 * The service members ECS reports only on service revisions, never on DescribeServices' Service or
 * Deployment (ADR 0048): `gatewayConnectors` and `monitoring`. Their normalised forms, how the
 * current revision's reading is compared, and how the current revision is picked. Pure.
 *
 * Sources: ServiceRevision
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevision.html) carries both;
 * Service.currentServiceRevisions
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html) names the revisions
 * the service runs; "Amazon ECS doesn't create a new service revision for a rollback operation.
 * Amazon ECS uses the last successful service revision for the rollback"
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html).
 */
import type { Service, ServiceRevision } from '@aws-sdk/client-ecs';
import { normalizeBlock, sortByKey, type EcsBlock } from './model.js';

/** What one service revision says of the two members, normalised (none: `[]` and no metrics). */
export interface RevisionFields {
  readonly gatewayConnectors: readonly EcsBlock[];
  readonly monitoring: EcsBlock;
}

/** The monitoring configuration, its metric names and entries sorted (ECS keeps them as sets). */
export function normalizeMonitoring(value: unknown): EcsBlock {
  const block = normalizeBlock(value);
  const configs = Array.isArray(block['metricConfigurations']) ? block['metricConfigurations'] : [];
  const entries = configs.map((c): EcsBlock & { metricNames: string[] } => {
    const entry = normalizeBlock(c);
    const names = Array.isArray(entry['metricNames']) ? entry['metricNames'].map(String) : [];
    return { ...entry, metricNames: [...names].sort() };
  });
  return {
    metricConfigurations: sortByKey(
      entries,
      (e) => `${e.metricNames.join(',')}|${String(e['resolutionSeconds'])}`,
    ),
  };
}

/** The gateway connectors as plain JSON (at most one, in ECS's order). */
export function normalizeGatewayConnectors(value: readonly unknown[] | undefined): EcsBlock[] {
  return (value ?? []).map(normalizeBlock);
}

/** The reading of one revision. */
export function revisionFieldsOf(revision: ServiceRevision): RevisionFields {
  return {
    gatewayConnectors: normalizeGatewayConnectors(revision.gatewayConnectors),
    monitoring: normalizeMonitoring(revision.monitoring ?? {}),
  };
}

/** A service that runs no revision ECS can describe has neither member set. */
export const NO_REVISION_FIELDS: RevisionFields = {
  gatewayConnectors: [],
  monitoring: { metricConfigurations: [] },
};

/** The ARNs of the revisions the service runs now (`currentServiceRevisions`), in ECS's order. */
export function currentRevisionArns(service: Service): string[] {
  return (service.currentServiceRevisions ?? []).flatMap((r) => (r.arn === undefined ? [] : [r.arn]));
}

/**
 * The revision of the PRIMARY deployment among `revisions` (those of currentServiceRevisions): the
 * newest that runs the PRIMARY's task definition. A Deployment does not name its revision, and a
 * rollback reuses the last successful revision rather than making one, so the task definition
 * tells the rolled-back PRIMARY from the newer revision that failed; among revisions of one task
 * definition the newest is the one deployed last.
 */
export function primaryRevision(
  service: Service,
  revisions: readonly ServiceRevision[],
): ServiceRevision | undefined {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  const taskDefinition = primary?.taskDefinition ?? service.taskDefinition;
  const running = revisions.filter(
    (r) => taskDefinition === undefined || r.taskDefinition === taskDefinition,
  );
  const candidates = running.length > 0 ? running : revisions;
  return [...candidates].sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
}
