/* eslint-disable @typescript-eslint/require-await -- fakes answer like the async APIs they stand for */
import type { ScheduledAction } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import type { AutoscalingClientApi } from './autoscaling-client.js';
import { withScheduledActionListing } from './scheduled-action-listing.js';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { announcedWritesScenario } from './testing/announced-writes-scenario.js';

const action = (id: string, name: string, schedule = 'cron(0 8 * * ? *)'): ScheduledAction =>
  ({ ResourceId: id, ScheduledActionName: name, Schedule: schedule }) as ScheduledAction;

function fakeApi(actions: ScheduledAction[], complete = true) {
  const calls: string[] = [];
  const api = {
    listScheduledActionsUpTo: async () => {
      calls.push('list');
      return { items: [...actions], complete };
    },
    describeScheduledActions: async (id: string) => {
      calls.push(`describe ${id}`);
      return actions.filter((a) => a.ResourceId === id);
    },
    putScheduledAction: async (input: { ResourceId?: string; ScheduledActionName?: string }) => {
      calls.push(`put ${input.ResourceId}`);
      actions.push(action(input.ResourceId ?? '', input.ScheduledActionName ?? '', 'cron(0 20 * * ? *)'));
    },
    deleteScheduledAction: async (input: { ResourceId?: string; ScheduledActionName?: string }) => {
      calls.push(`delete ${input.ResourceId}`);
      actions.splice(
        actions.findIndex(
          (a) => a.ResourceId === input.ResourceId && a.ScheduledActionName === input.ScheduledActionName,
        ),
        1,
      );
    },
    deregisterScalableTarget: async (input: { ResourceId?: string }) => {
      calls.push(`deregister ${input.ResourceId}`);
      actions.splice(0, actions.length, ...actions.filter((a) => a.ResourceId !== input.ResourceId));
    },
  } as unknown as AutoscalingClientApi;
  return { api, calls };
}

const KEYS = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' } as const;

describe('withScheduledActionListing', () => {
  it("answers every service's scheduled actions from one namespace listing, and reads a service the operator changed on its own", async () => {
    const clock = new FakeClock();
    const { api, calls } = fakeApi([
      action('service/c/a', 'ecs-bridge-day'),
      action('service/c/a', 'theirs'),
      action('service/c/b', 'ecs-bridge-day'),
    ]);
    const aas = withScheduledActionListing(api, { maxAgeMs: 1000, clock });
    await announcedWritesScenario({
      clock,
      calls,
      item: (id, name, written = false) =>
        written ? action(id, name, 'cron(0 20 * * ? *)') : action(id, name),
      read: (id) => aas.describeScheduledActions(id),
      put: (id, name) => aas.putScheduledAction({ ...KEYS, ResourceId: id, ScheduledActionName: name }),
      remove: (id, name) => aas.deleteScheduledAction({ ...KEYS, ResourceId: id, ScheduledActionName: name }),
      deregister: (id) => aas.deregisterScalableTarget({ ...KEYS, ResourceId: id }),
      names: { first: 'ecs-bridge-day', second: 'theirs', added: 'ecs-bridge-night', removed: 'first' },
    });
  });

  it('a namespace listing too long to finish leaves each service to read its own', async () => {
    const { api, calls } = fakeApi([action('service/c/a', 'ecs-bridge-day')], false);
    const aas = withScheduledActionListing(api, { maxAgeMs: 1000, clock: new FakeClock(), maxPages: 1 });
    await expect(aas.describeScheduledActions('service/c/a')).resolves.toEqual([
      action('service/c/a', 'ecs-bridge-day'),
    ]);
    await expect(aas.describeScheduledActions('service/c/b')).resolves.toEqual([]);
    expect(calls).toEqual(['list', 'describe service/c/a', 'describe service/c/b']);
  });

  it('an own read bypasses a young listing, which still answers the other services', async () => {
    const actions = [action('service/c/a', 'ecs-bridge-day')];
    const { api, calls } = fakeApi(actions);
    const aas = withScheduledActionListing(api, { maxAgeMs: 1000, clock: new FakeClock() });
    await expect(aas.describeScheduledActions('service/c/a')).resolves.toHaveLength(1);
    // Made by someone else after the listing: only the own read sees it.
    actions.push(action('service/c/a', 'by-hand'));
    await expect(aas.describeScheduledActions('service/c/a')).resolves.toHaveLength(1);
    await expect(aas.describeScheduledActions('service/c/a', { ownRead: true })).resolves.toHaveLength(2);
    await expect(aas.describeScheduledActions('service/c/b')).resolves.toEqual([]);
    expect(calls).toEqual(['list', 'describe service/c/a']);
  });
});
