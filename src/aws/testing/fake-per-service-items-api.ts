/**
 * A fake Application Auto Scaling API for the listings of per-service named items (scaling
 * policies, scheduled actions): it holds the items in one array, answers the namespace listing and
 * the per-service describe from it, applies puts, deletes and deregistrations to it, and records
 * each call as `list`, `describe <id>`, `put <id>`, `delete <id>` or `deregister <id>`. Test-only.
 */
import type { AutoscalingClientApi } from '../autoscaling-client.js';

/** The operations of one kind of item, by their names on `AutoscalingClientApi`. */
export interface PerServiceItemsKind<T> {
  readonly list: 'listScalingPoliciesUpTo' | 'listScheduledActionsUpTo';
  readonly describe: 'describeScalingPolicies' | 'describeScheduledActions';
  readonly put: 'putScalingPolicy' | 'putScheduledAction';
  readonly remove: 'deleteScalingPolicy' | 'deleteScheduledAction';
  /** The field naming an item within its service (`PolicyName`, `ScheduledActionName`). */
  readonly nameField: keyof T & string;
  /**
   * The names the announced-writes scenario uses (announced-writes-scenario.ts): service a starts
   * with `[first, second]` and b with `[first]`; `added` is put on b, `removed` deleted from a.
   */
  readonly scenarioNames?: { first: string; second: string; added: string; removed: 'first' | 'second' };
  /** The item a put of `name` on `resourceId` adds. */
  readonly written: (resourceId: string, name: string) => T;
  /** What a put answers. */
  readonly putAnswer?: unknown;
}

type Keyed = { ResourceId?: string } & Record<string, string | undefined>;

/**
 * A fake over `items` (changed in place by writes); `complete` is what the namespace listing
 * reports (false: too long to finish).
 */
export function fakePerServiceItemsApi<T extends { ResourceId?: string | undefined }>(
  kind: PerServiceItemsKind<T>,
  items: T[],
  complete = true,
): { api: AutoscalingClientApi; calls: string[] } {
  const calls: string[] = [];
  const name = (x: unknown): string | undefined => (x as Keyed)[kind.nameField];
  const api = {
    [kind.list]: () => {
      calls.push('list');
      return Promise.resolve({ items: [...items], complete });
    },
    [kind.describe]: (id: string) => {
      calls.push(`describe ${id}`);
      return Promise.resolve(items.filter((item) => item.ResourceId === id));
    },
    [kind.put]: (input: Keyed) => {
      calls.push(`put ${input.ResourceId}`);
      items.push(kind.written(input.ResourceId ?? '', name(input) ?? ''));
      return Promise.resolve(kind.putAnswer);
    },
    [kind.remove]: (input: Keyed) => {
      calls.push(`delete ${input.ResourceId}`);
      items.splice(
        items.findIndex((item) => item.ResourceId === input.ResourceId && name(item) === name(input)),
        1,
      );
      return Promise.resolve();
    },
    deregisterScalableTarget: (input: Keyed) => {
      calls.push(`deregister ${input.ResourceId}`);
      items.splice(0, items.length, ...items.filter((item) => item.ResourceId !== input.ResourceId));
      return Promise.resolve();
    },
  } as unknown as AutoscalingClientApi;
  return { api, calls };
}
