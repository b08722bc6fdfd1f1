import type { ScheduledAction } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import { SCHEDULED_ACTION_LISTING } from './scheduled-action-listing.js';
import { withServiceListing } from './service-listing.js';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { announcedWritesScenarioOf } from './testing/announced-writes-scenario.js';
import { fakePerServiceItemsApi, type PerServiceItemsKind } from './testing/fake-per-service-items-api.js';

const action = (id: string, name: string, schedule = 'cron(0 8 * * ? *)'): ScheduledAction =>
  ({ ResourceId: id, ScheduledActionName: name, Schedule: schedule }) as ScheduledAction;

const ACTIONS: PerServiceItemsKind<ScheduledAction> = {
  list: 'listScheduledActionsUpTo',
  describe: 'describeScheduledActions',
  put: 'putScheduledAction',
  remove: 'deleteScheduledAction',
  nameField: 'ScheduledActionName',
  scenarioNames: { first: 'ecs-bridge-day', second: 'theirs', added: 'ecs-bridge-night', removed: 'first' },
  written: (id, name) => action(id, name, 'cron(0 20 * * ? *)'),
};
const fakeApi = (actions: ScheduledAction[], complete = true) =>
  fakePerServiceItemsApi(ACTIONS, actions, complete);

describe('withServiceListing(SCHEDULED_ACTION_LISTING)', () => {
  it("answers every service's scheduled actions from one namespace listing, and reads a service the operator changed on its own", () =>
    announcedWritesScenarioOf(ACTIONS, SCHEDULED_ACTION_LISTING, action));

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
