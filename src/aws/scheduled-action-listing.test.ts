import type { ScheduledAction } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import { SCHEDULED_ACTION_LISTING } from './scheduled-action-listing.js';
import { withServiceListing } from './service-listing.js';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { announcedWritesScenario } from './testing/announced-writes-scenario.js';
import { fakePerServiceItemsApi, type PerServiceItemsKind } from './testing/fake-per-service-items-api.js';

const action = (id: string, name: string, schedule = 'cron(0 8 * * ? *)'): ScheduledAction =>
  ({ ResourceId: id, ScheduledActionName: name, Schedule: schedule }) as ScheduledAction;

const ACTIONS: PerServiceItemsKind<ScheduledAction> = {
  list: 'listScheduledActionsUpTo',
  describe: 'describeScheduledActions',
  put: 'putScheduledAction',
  remove: 'deleteScheduledAction',
  nameField: 'ScheduledActionName',
  written: (id, name) => action(id, name, 'cron(0 20 * * ? *)'),
};
const fakeApi = (actions: ScheduledAction[], complete = true) =>
  fakePerServiceItemsApi(ACTIONS, actions, complete);

const KEYS = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount' } as const;

describe('withServiceListing(SCHEDULED_ACTION_LISTING)', () => {
  it("answers every service's scheduled actions from one namespace listing, and reads a service the operator changed on its own", async () => {
    const clock = new FakeClock();
    const { api, calls } = fakeApi([
      action('service/c/a', 'ecs-bridge-day'),
      action('service/c/a', 'theirs'),
      action('service/c/b', 'ecs-bridge-day'),
    ]);
    const aas = withServiceListing(api, { maxAgeMs: 1000, clock }, SCHEDULED_ACTION_LISTING);
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
    const aas = withServiceListing(
      api,
      { maxAgeMs: 1000, clock: new FakeClock(), maxPages: 1 },
      SCHEDULED_ACTION_LISTING,
    );
    await expect(aas.describeScheduledActions('service/c/a')).resolves.toEqual([
      action('service/c/a', 'ecs-bridge-day'),
    ]);
    await expect(aas.describeScheduledActions('service/c/b')).resolves.toEqual([]);
    expect(calls).toEqual(['list', 'describe service/c/a', 'describe service/c/b']);
  });

  it('an own read bypasses a young listing, which still answers the other services', async () => {
    const actions = [action('service/c/a', 'ecs-bridge-day')];
    const { api, calls } = fakeApi(actions);
    const aas = withServiceListing(api, { maxAgeMs: 1000, clock: new FakeClock() }, SCHEDULED_ACTION_LISTING);
    await expect(aas.describeScheduledActions('service/c/a')).resolves.toHaveLength(1);
    // Made by someone else after the listing: only the own read sees it.
    actions.push(action('service/c/a', 'by-hand'));
    await expect(aas.describeScheduledActions('service/c/a')).resolves.toHaveLength(1);
    await expect(aas.describeScheduledActions('service/c/a', { ownRead: true })).resolves.toHaveLength(2);
    await expect(aas.describeScheduledActions('service/c/b')).resolves.toEqual([]);
    expect(calls).toEqual(['list', 'describe service/c/a']);
  });
});
