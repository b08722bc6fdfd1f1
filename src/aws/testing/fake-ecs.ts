/**
 * The one stateful in-memory ECS for every kind's unit tests. It keeps what ECS keeps:
 *
 * - task definition revisions (`fake-ecs-revisions.ts`);
 * - services, their tags and deployments: UpdateService replaces only the fields it is given, an
 *   empty list clears, a change to one of ECS's deployment-starting fields (the production list,
 *   `ECS_DEPLOYMENT_STARTING_FIELDS`) makes a new PRIMARY deployment, DeleteService needs `force` or
 *   a zero count, the client token makes CreateService idempotent.
 *
 * Every call is recorded with its input, under its `EcsApi` method name (`fake-ecs-call-log.ts`); a
 * test can count calls, queue failures and script rollouts (`fake-ecs-deployments.ts`), drift and events. Not a proof of ECS behaviour: the
 * integration suites against the emulator are.
 *
 * Test-only: `testing/` folders are left out of the build (`tsconfig.build.json`).
 */
import type {
  CreateServiceCommandInput,
  DeleteServiceCommandInput,
  Deployment,
  RegisterTaskDefinitionCommandInput,
  Service,
  Tag,
  TaskDefinitionStatus,
  UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import type { DescribeServicesResult, EcsApi, TaskDefinitionWithTags } from '../ecs-api.js';
import { ECS_DEPLOYMENT_STARTING_FIELDS } from '../ecs-deployment-fields.js';
import { awsError } from './fake-aws-error.js';
import { FakeEcsCallLog } from './fake-ecs-call-log.js';
import {
  completePrimary,
  failPrimary,
  markInProgress,
  newDeployment,
  startDeployment,
  type RolloutMode,
} from './fake-ecs-deployments.js';
import { FakeRevisionStore, type FakeRevision } from './fake-ecs-revisions.js';

export { awsError };
export { FAKE_ECS_OPERATIONS, type FakeEcsCall, type FakeEcsOperation } from './fake-ecs-call-log.js';
export type { RolloutMode } from './fake-ecs-deployments.js';

/** Options for {@link FakeEcs}. */
export interface FakeEcsOptions {
  readonly region?: string;
  readonly account?: string;
  /** Whether RegisterTaskDefinition's answer includes tags (AWS: yes; the moto emulator: no). Default false. */
  readonly registerAnswersTags?: boolean;
}

interface StoredService {
  service: Service;
  token?: string | undefined;
}

/** The fake; see the file header. */
export class FakeEcs extends FakeEcsCallLog implements EcsApi {
  readonly region: string;
  readonly account: string;
  rolloutMode: RolloutMode = 'instant';
  readonly #registerAnswersTags: boolean;
  readonly #revisions: FakeRevisionStore;
  readonly #services = new Map<string, StoredService>();
  #deploymentCounter = 0;
  #eventCounter = 0;
  #clock = Date.UTC(2026, 0, 1);

  constructor(options: FakeEcsOptions = {}) {
    super();
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
    this.#registerAnswersTags = options.registerAnswersTags ?? false;
    this.#revisions = new FakeRevisionStore(this.region, this.account);
  }

  // ----- the test's handles -----

  /** The ARNs of every revision of every family with `status` (a Region-wide listing, no call counted). */
  allRevisionArns(status: TaskDefinitionStatus): string[] {
    return this.#revisions.allArns(status);
  }

  /** Every revision of `family` with its status, ascending (deleted ones are gone). */
  revisions(family: string): FakeRevision[] {
    return this.#revisions.ofFamily(family);
  }

  /** The stored service (a copy), or undefined. */
  get(cluster: string, name: string): Service | undefined {
    const s = this.#services.get(this.#key(cluster, name));
    return s === undefined ? undefined : structuredClone(s.service);
  }

  /** Changes a service behind the operator's back (console drift, autoscaling, scripted rollouts). */
  mutate(cluster: string, name: string, change: (service: Service) => void): void {
    const s = this.#services.get(this.#key(cluster, name));
    if (s === undefined) throw new Error(`no service ${cluster}/${name}`);
    change(s.service);
  }

  /** Puts a service in place as if someone else created it (no owner tags unless given). */
  seed(cluster: string, input: Omit<CreateServiceCommandInput, 'cluster'>): Service {
    return this.#create({ ...input, cluster });
  }

  /** Completes the PRIMARY deployment: old ones go, counts settle. */
  completeRollout(cluster: string, name: string): void {
    this.mutate(cluster, name, completePrimary);
  }

  /** Fails the PRIMARY deployment; with `rollback`, the previous one becomes PRIMARY again. */
  failRollout(cluster: string, name: string, reason: string, rollback: boolean): void {
    this.mutate(cluster, name, (svc) =>
      failPrimary(svc, reason, rollback ? (td) => this.#deployment(td, svc.desiredCount ?? 0) : undefined),
    );
  }

  /** Finishes a drain: a DRAINING service becomes INACTIVE. */
  finishDraining(cluster: string, name: string): void {
    this.mutate(cluster, name, (svc) => {
      if (svc.status === 'DRAINING') svc.status = 'INACTIVE';
    });
  }

  /** Appends an ECS service event (newest first, as ECS lists them). */
  addEvent(cluster: string, name: string, message: string): void {
    this.mutate(cluster, name, (svc) => {
      this.#eventCounter += 1;
      this.#clock += 1000;
      svc.events = [
        { id: `ev-${this.#eventCounter}`, createdAt: new Date(this.#clock), message },
        ...(svc.events ?? []),
      ];
    });
  }

  // ----- task definitions -----

  registerTaskDefinition(input: RegisterTaskDefinitionCommandInput): Promise<TaskDefinitionWithTags> {
    return this.call('registerTaskDefinition', input, () => {
      this.#clock += 1000;
      const { taskDefinition, tags } = this.#revisions.register(input, new Date(this.#clock));
      return {
        taskDefinition: structuredClone(taskDefinition),
        tags: this.#registerAnswersTags ? structuredClone(tags) : [],
      };
    });
  }

  describeTaskDefinition(taskDefinition: string): Promise<TaskDefinitionWithTags> {
    return this.call('describeTaskDefinition', { taskDefinition }, () => {
      const stored = this.#revisions.find(taskDefinition);
      return { taskDefinition: structuredClone(stored.taskDefinition), tags: structuredClone(stored.tags) };
    });
  }

  listTaskDefinitions(family: string, status: TaskDefinitionStatus): Promise<string[]> {
    return this.call('listTaskDefinitions', { family, status }, () =>
      this.revisions(family)
        .filter((r) => r.status === status)
        .map((r) => r.arn),
    );
  }

  deregisterTaskDefinition(taskDefinitionArn: string): Promise<void> {
    return this.call('deregisterTaskDefinition', { taskDefinitionArn }, () => {
      this.#revisions.find(taskDefinitionArn).taskDefinition.status = 'INACTIVE';
    });
  }

  deleteTaskDefinitions(taskDefinitionArns: readonly string[]): Promise<void> {
    return this.call('deleteTaskDefinitions', { taskDefinitionArns }, () =>
      this.#revisions.delete(taskDefinitionArns),
    );
  }

  // ----- services -----

  describeServices(cluster: string, names: readonly string[]): Promise<DescribeServicesResult> {
    return this.call('describeServices', { cluster, names }, () => {
      const services: Service[] = [];
      const failures: { arn: string; reason: string }[] = [];
      for (const name of names) {
        const s = this.#services.get(this.#key(cluster, name));
        if (s === undefined) failures.push({ arn: this.#serviceArn(cluster, name), reason: 'MISSING' });
        else services.push(structuredClone(s.service));
      }
      return { services, failures };
    });
  }

  createService(input: CreateServiceCommandInput): Promise<Service> {
    return this.call('createService', input, () => {
      const existing = this.#services.get(this.#key(input.cluster ?? 'default', input.serviceName ?? ''));
      if (existing !== undefined && existing.service.status !== 'INACTIVE') {
        if (input.clientToken !== undefined && existing.token === input.clientToken) {
          return this.#strip(existing.service);
        }
        throw awsError('InvalidParameterException', 'Creation of service was not idempotent.');
      }
      return this.#strip(this.#create(input));
    });
  }

  updateService(input: UpdateServiceCommandInput): Promise<Service> {
    return this.call('updateService', input, () => {
      const stored = this.#services.get(this.#key(input.cluster ?? 'default', input.service ?? ''));
      if (stored === undefined) throw awsError('ServiceNotFoundException', 'Service not found.');
      const svc = stored.service;
      if (svc.status !== 'ACTIVE') throw awsError('ServiceNotActiveException', 'Service was not ACTIVE.');
      const before = structuredClone(svc);
      const { cluster: _c, service: _s, forceNewDeployment, taskDefinition, ...fields } = input;
      for (const [k, v] of Object.entries(fields)) {
        if (v !== undefined) (svc as Record<string, unknown>)[k] = structuredClone(v);
      }
      if (taskDefinition !== undefined) svc.taskDefinition = this.#taskDefinitionArn(taskDefinition);
      const deploying =
        forceNewDeployment === true ||
        ECS_DEPLOYMENT_STARTING_FIELDS.some(
          (f) =>
            JSON.stringify((before as Record<string, unknown>)[f]) !==
            JSON.stringify((svc as Record<string, unknown>)[f]),
        );
      if (deploying)
        startDeployment(svc, this.#deployment(svc.taskDefinition, svc.desiredCount ?? 0), this.rolloutMode);
      if (input.desiredCount !== undefined) {
        for (const d of svc.deployments ?? [])
          if (d.status === 'PRIMARY') d.desiredCount = input.desiredCount;
        if (this.rolloutMode === 'instant') svc.runningCount = input.desiredCount;
      }
      return this.#strip(svc);
    });
  }

  deleteService(input: DeleteServiceCommandInput): Promise<Service | undefined> {
    return this.call('deleteService', input, () => {
      const stored = this.#services.get(this.#key(input.cluster ?? 'default', input.service ?? ''));
      if (stored === undefined || stored.service.status === 'INACTIVE') {
        throw awsError('ServiceNotFoundException', 'Service not found.');
      }
      if ((stored.service.desiredCount ?? 0) > 0 && input.force !== true) {
        throw awsError(
          'InvalidParameterException',
          'The service cannot be stopped while it is scaled above 0.',
        );
      }
      stored.service.desiredCount = 0;
      stored.service.status = this.rolloutMode === 'instant' ? 'INACTIVE' : 'DRAINING';
      return this.#strip(stored.service);
    });
  }

  // ----- tags (task definition revisions and services) -----

  tagResource(resourceArn: string, tags: readonly Tag[]): Promise<void> {
    return this.call('tagResource', { resourceArn, tags }, () => {
      const tagged = this.#tagged(resourceArn);
      const keys = new Set(tags.map((t) => t.key));
      tagged.set([...tagged.get().filter((t) => !keys.has(t.key)), ...structuredClone([...tags])]);
    });
  }

  untagResource(resourceArn: string, tagKeys: readonly string[]): Promise<void> {
    return this.call('untagResource', { resourceArn, tagKeys }, () => {
      const tagged = this.#tagged(resourceArn);
      tagged.set(tagged.get().filter((t) => !tagKeys.includes(t.key ?? '')));
    });
  }

  // ----- internals -----

  /** The tags of the revision or service `arn` names, to read and replace. */
  #tagged(arn: string): { get(): Tag[]; set(tags: Tag[]): void } {
    if (arn.includes(':task-definition/')) {
      const stored = this.#revisions.find(arn);
      return { get: () => stored.tags, set: (tags) => (stored.tags = tags) };
    }
    for (const s of this.#services.values()) {
      const svc = s.service;
      if (svc.serviceArn === arn) return { get: () => svc.tags ?? [], set: (tags) => (svc.tags = tags) };
    }
    throw awsError('InvalidParameterException', `The specified resource ${arn} is not valid.`);
  }

  #create(input: CreateServiceCommandInput): Service {
    const cluster = input.cluster ?? 'default';
    const name = input.serviceName ?? '';
    const {
      cluster: _c,
      clientToken,
      tags,
      taskDefinition,
      desiredCount,
      schedulingStrategy,
      ...fields
    } = structuredClone(input);
    const count = desiredCount ?? (schedulingStrategy === 'DAEMON' ? 0 : 1);
    const td = taskDefinition === undefined ? undefined : this.#taskDefinitionArn(taskDefinition);
    const deployment = this.#deployment(td, count);
    const manual = this.rolloutMode === 'manual';
    if (manual) markInProgress(deployment, count);
    const service: Service = {
      ...fields,
      serviceArn: this.#serviceArn(cluster, name),
      serviceName: name,
      clusterArn: `arn:aws:ecs:${this.region}:${this.account}:cluster/${cluster}`,
      status: 'ACTIVE',
      schedulingStrategy: schedulingStrategy ?? 'REPLICA',
      desiredCount: count,
      runningCount: manual ? 0 : count,
      pendingCount: manual ? count : 0,
      ...(td !== undefined ? { taskDefinition: td } : {}),
      deployments: [deployment],
      events: [],
      tags: tags ?? [],
    };
    this.#services.set(this.#key(cluster, name), { service, token: clientToken });
    return service;
  }

  #deployment(taskDefinition: string | undefined, desiredCount: number): Deployment {
    this.#deploymentCounter += 1;
    return newDeployment(this.#deploymentCounter, taskDefinition, desiredCount);
  }

  #strip(service: Service): Service {
    // ECS answers service writes without tags.
    const { tags: _tags, ...rest } = structuredClone(service);
    return rest;
  }

  #key(cluster: string, name: string): string {
    return `${cluster.split('/').pop() ?? cluster}/${name.split('/').pop() ?? name}`;
  }

  #serviceArn(cluster: string, name: string): string {
    return `arn:aws:ecs:${this.region}:${this.account}:service/${cluster.split('/').pop() ?? cluster}/${name}`;
  }

  #taskDefinitionArn(td: string): string {
    return td.startsWith('arn:') ? td : `arn:aws:ecs:${this.region}:${this.account}:task-definition/${td}`;
  }
}
