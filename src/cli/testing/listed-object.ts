/**
 * Test support for the status views: one of our objects as the status command lists it from the
 * cluster, in namespace `shop`, and the instant and style the views are rendered at.
 */
import type { ObjectMeta } from '../../k8s/object.js';
import { API_GROUP_VERSION } from '../../resources/api-group.js';
import { createStyle } from '../terminal.js';

/** The instant every status view test renders at. */
export const NOW = new Date('2026-03-01T12:00:00Z');

/** The colourless style the tests compare text with. */
export const plain = createStyle(false);

/** What tells two listed objects apart: their name, generation, age and uid (`u1` when absent). */
export interface ListedMeta {
  readonly name: string;
  readonly generation: number;
  readonly creationTimestamp: string;
  readonly uid?: string;
}

/** An object of `kind` in namespace `shop` with `meta`, and its spec and status. */
export function listedObject<T extends { readonly kind: string; readonly metadata: ObjectMeta }>(
  kind: T['kind'],
  meta: ListedMeta,
  body: Omit<T, 'apiVersion' | 'kind' | 'metadata'>,
): T {
  return {
    apiVersion: API_GROUP_VERSION,
    kind,
    metadata: { namespace: 'shop', uid: 'u1', ...meta },
    ...body,
  } as unknown as T;
}

/** A task of cluster `demo` that stopped because an essential container exited, with each container's exit code. */
export function exitedTask(
  id: string,
  exitCodes: Readonly<Record<string, number>>,
): {
  taskArn: string;
  lastStatus: string;
  stopCode: string;
  stoppedReason: string;
  containers: { name: string; exitCode: number }[];
} {
  return {
    taskArn: `arn:aws:ecs:us-east-1:123456789012:task/demo/${id}`,
    lastStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: Object.entries(exitCodes).map(([name, exitCode]) => ({ name, exitCode })),
  };
}
