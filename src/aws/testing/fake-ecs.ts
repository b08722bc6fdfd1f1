/**
 * The one stateful in-memory ECS for every kind's unit tests. It keeps what ECS keeps:
 *
 * - task definition revisions with AWS's numbering (it continues after deletions), ACTIVE →
 *   INACTIVE → deleted, and their tags. It is stricter than AWS where that catches planner bugs:
 *   DeleteTaskDefinitions of an ACTIVE revision throws instead of reporting a failure;
 * - services, their tags and deployments: UpdateService replaces only the fields it is given, an
 *   empty list clears, a change to one of ECS's deployment-starting fields (the production list,
 *   `ECS_DEPLOYMENT_STARTING_FIELDS`) makes a new PRIMARY deployment, DeleteService needs `force` or
 *   a zero count, the client token makes CreateService idempotent.
 *
 * Every call is recorded with its input, under its `EcsApi` method name; a test can count calls,
 * queue failures and script rollouts, drift and events. Not a proof of ECS behaviour: the
 * integration suites against the emulator are.
 *
 * Test-only: `testing/` folders are left out of the build (`tsconfig.build.json`).
 */
import type {
  ContainerDefinition,
  CreateServiceCommandInput,
  DeleteServiceCommandInput,
  Deployment,
  RegisterTaskDefinitionCommandInput,
  Service,
  Tag,
  TaskDefinition,
  TaskDefinitionStatus,
  UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import type { DescribeServicesResult, EcsApi, TaskDefinitionWithTags } from '../ecs-api.js';
import { ECS_DEPLOYMENT_STARTING_FIELDS } from '../ecs-deployment-fields.js';
import { awsError } from './fake-aws-error.js';

export { awsError };

/** The `EcsApi` methods the fake plays, in the interface's order. */
export const FAKE_ECS_OPERATIONS = [
  'registerTaskDefinition',
  'describeTaskDefinition',
  'listTaskDefinitions',
  'deregisterTaskDefinition',
  'deleteTaskDefinitions',
  'describeServices',
  'createService',
  'updateService',
  'deleteService',
  'tagResource',
  'untagResource',
] as const;

/** The operations the fake plays: the `EcsApi` methods it implements. */
export type FakeEcsOperation = (typeof FAKE_ECS_OPERATIONS)[number];

/** One recorded call: the operation and a copy of its input. */
export interface FakeEcsCall {
  readonly op: FakeEcsOperation;
  readonly input: unknown;
}

/** How rollouts behave: `instant` completes them at once; `manual` waits for the test. */
export type RolloutMode = 'instant' | 'manual';

/** Options for {@link FakeEcs}. */
export interface FakeEcsOptions {
  readonly region?: string;
  readonly account?: string;
  /** Whether RegisterTaskDefinition's answer includes tags (AWS: yes; the moto emulator: no). Default false. */
  readonly registerAnswersTags?: boolean;
}

const WRITE_OPS: ReadonlySet<FakeEcsOperation> = new Set<FakeEcsOperation>([
  'registerTaskDefinition',
  'deregisterTaskDefinition',
  'deleteTaskDefinitions',
  'createService',
  'updateService',
  'deleteService',
  'tagResource',
  'untagResource',
]);

interface StoredRevision {
  taskDefinition: TaskDefinition;
  tags: Tag[];
}

interface StoredService {
  service: Service;
  token?: string | undefined;
}

/** The fake; see the file header. */
export class FakeEcs implements EcsApi {
  readonly region: string;
  readonly account: string;
  /** Every call so far, in order. */
  readonly calls: FakeEcsCall[] = [];
  rolloutMode: RolloutMode = 'instant';
  readonly #registerAnswersTags: boolean;
  readonly #revisions = new Map<string, StoredRevision>();
  readonly #lastRevision = new Map<string, number>();
  readonly #services = new Map<string, StoredService>();
  readonly #failures: { op: FakeEcsOperation; error: Error }[] = [];
  #deploymentCounter = 0;
  #eventCounter = 0;
  #clock = Date.UTC(2026, 0, 1);

  constructor(options: FakeEcsOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
    this.#registerAnswersTags = options.registerAnswersTags ?? false;
  }

  // ----- the test's handles -----

  /** Makes the next call of `op` throw `error` (queued: several calls fail in order). */
  failNext(op: FakeEcsOperation, error: Error): void {
    this.#failures.push({ op, error });
  }

  /** The calls of one operation. */
  callsOf(op: FakeEcsOperation): FakeEcsCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  /** How many calls of `op` were made. */
  count(op: FakeEcsOperation): number {
    return this.callsOf(op).length;
  }

  /** Calls per operation (every operation, zero where none was made). */
  counts(): Record<FakeEcsOperation, number> {
    const counts = Object.fromEntries(FAKE_ECS_OPERATIONS.map((op) => [op, 0])) as Record<
      FakeEcsOperation,
      number
    >;
    for (const c of this.calls) counts[c.op] += 1;
    return counts;
  }

  /** The writes recorded so far (registers, deregisters, deletes, creates, updates, tags). */
  writes(): FakeEcsCall[] {
    return this.calls.filter((c) => WRITE_OPS.has(c.op));
  }

  /** The total number of calls made, all operations together. */
  totalCalls(): number {
    return this.calls.length;
  }

  /** Forgets the calls made so far (state is kept). */
  resetCalls(): void {
    this.calls.length = 0;
  }

  /** The ARNs of every revision of every family with `status` (a Region-wide listing, no call counted). */
  allRevisionArns(status: TaskDefinitionStatus): string[] {
    return [...this.#revisions.values()]
      .filter((r) => r.taskDefinition.status === status)
      .map((r) => r.taskDefinition.taskDefinitionArn ?? '');
  }

  /** Every revision of `family` with its status, ascending (deleted ones are gone). */
  revisions(
    family: string,
  ): { revision: number; status: string; arn: string; tags: Tag[]; image?: string }[] {
    return [...this.#revisions.values()]
      .filter((r) => r.taskDefinition.family === family)
      .sort((a, b) => (a.taskDefinition.revision ?? 0) - (b.taskDefinition.revision ?? 0))
      .map((r) => {
        const image = r.taskDefinition.containerDefinitions?.[0]?.image;
        return {
          revision: r.taskDefinition.revision ?? 0,
          status: r.taskDefinition.status ?? '',
          arn: r.taskDefinition.taskDefinitionArn ?? '',
          tags: r.tags,
          ...(image === undefined ? {} : { image }),
        };
      });
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
    this.mutate(cluster, name, (svc) => {
      const primary = svc.deployments?.find((d) => d.status === 'PRIMARY');
      if (primary === undefined) return;
      primary.rolloutState = 'COMPLETED';
      primary.rolloutStateReason = `ECS deployment ${primary.id ?? ''} completed.`;
      primary.runningCount = primary.desiredCount ?? 0;
      primary.pendingCount = 0;
      svc.deployments = [primary];
      svc.runningCount = svc.desiredCount ?? 0;
      svc.pendingCount = 0;
    });
  }

  /** Fails the PRIMARY deployment; with `rollback`, the previous one becomes PRIMARY again. */
  failRollout(cluster: string, name: string, reason: string, rollback: boolean): void {
    this.mutate(cluster, name, (svc) => {
      const deployments = svc.deployments ?? [];
      const primary = deployments.find((d) => d.status === 'PRIMARY');
      const previous = deployments.find((d) => d.status === 'ACTIVE');
      if (primary === undefined) return;
      primary.rolloutState = 'FAILED';
      primary.rolloutStateReason = reason;
      if (rollback && previous !== undefined) {
        // ECS rolls back with a new deployment of the last completed revision; the failed one drains.
        const back = this.#deployment(previous.taskDefinition, svc.desiredCount ?? 0);
        back.rolloutState = 'COMPLETED';
        primary.status = 'ACTIVE';
        svc.deployments = [back, primary];
        svc.taskDefinition = previous.taskDefinition;
      }
    });
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
    return this.#call('registerTaskDefinition', input, () => {
      const family = input.family ?? '';
      const revision = (this.#lastRevision.get(family) ?? 0) + 1;
      this.#lastRevision.set(family, revision);
      const arn = `arn:aws:ecs:${this.region}:${this.account}:task-definition/${family}:${revision}`;
      // Echo defaults the way AWS does, so tests see a realistic document.
      const containerDefinitions: ContainerDefinition[] = (input.containerDefinitions ?? []).map((c) => ({
        cpu: 0,
        essential: true,
        environment: [],
        mountPoints: [],
        volumesFrom: [],
        portMappings: [],
        ...structuredClone(c),
      }));
      const { tags: inputTags, ...rest } = structuredClone(input);
      this.#clock += 1000;
      const taskDefinition: TaskDefinition = {
        ...rest,
        containerDefinitions,
        taskDefinitionArn: arn,
        revision,
        status: 'ACTIVE',
        volumes: rest.volumes ?? [],
        placementConstraints: rest.placementConstraints ?? [],
        compatibilities: ['EC2'],
        requiresAttributes: [],
        registeredAt: new Date(this.#clock),
      };
      const tags = inputTags ?? [];
      this.#revisions.set(arn, { taskDefinition, tags });
      return {
        taskDefinition: structuredClone(taskDefinition),
        tags: this.#registerAnswersTags ? structuredClone(tags) : [],
      };
    });
  }

  describeTaskDefinition(taskDefinition: string): Promise<TaskDefinitionWithTags> {
    return this.#call('describeTaskDefinition', { taskDefinition }, () => {
      const stored = this.#revision(taskDefinition);
      return { taskDefinition: structuredClone(stored.taskDefinition), tags: structuredClone(stored.tags) };
    });
  }

  listTaskDefinitions(family: string, status: TaskDefinitionStatus): Promise<string[]> {
    return this.#call('listTaskDefinitions', { family, status }, () =>
      this.revisions(family)
        .filter((r) => r.status === status)
        .map((r) => r.arn),
    );
  }

  deregisterTaskDefinition(taskDefinitionArn: string): Promise<void> {
    return this.#call('deregisterTaskDefinition', { taskDefinitionArn }, () => {
      this.#revision(taskDefinitionArn).taskDefinition.status = 'INACTIVE';
    });
  }

  deleteTaskDefinitions(taskDefinitionArns: readonly string[]): Promise<void> {
    return this.#call('deleteTaskDefinitions', { taskDefinitionArns }, () => {
      if (taskDefinitionArns.length === 0 || taskDefinitionArns.length > 10) {
        throw awsError('InvalidParameterException', 'Size of TaskDefinition references list must be 1 to 10');
      }
      for (const arn of taskDefinitionArns) {
        if (this.#revision(arn).taskDefinition.status === 'ACTIVE') {
          throw awsError(
            'ClientException',
            `The specified task definition ${arn} is still in ACTIVE status.`,
          );
        }
      }
      for (const arn of taskDefinitionArns) this.#revisions.delete(arn);
    });
  }

  // ----- services -----

  describeServices(cluster: string, names: readonly string[]): Promise<DescribeServicesResult> {
    return this.#call('describeServices', { cluster, names }, () => {
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
    return this.#call('createService', input, () => {
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
    return this.#call('updateService', input, () => {
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
      if (deploying) this.#startDeployment(svc);
      if (input.desiredCount !== undefined) {
        for (const d of svc.deployments ?? [])
          if (d.status === 'PRIMARY') d.desiredCount = input.desiredCount;
        if (this.rolloutMode === 'instant') svc.runningCount = input.desiredCount;
      }
      return this.#strip(svc);
    });
  }

  deleteService(input: DeleteServiceCommandInput): Promise<Service | undefined> {
    return this.#call('deleteService', input, () => {
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
    return this.#call('tagResource', { resourceArn, tags }, () => {
      const tagged = this.#tagged(resourceArn);
      const keys = new Set(tags.map((t) => t.key));
      tagged.set([...tagged.get().filter((t) => !keys.has(t.key)), ...structuredClone([...tags])]);
    });
  }

  untagResource(resourceArn: string, tagKeys: readonly string[]): Promise<void> {
    return this.#call('untagResource', { resourceArn, tagKeys }, () => {
      const tagged = this.#tagged(resourceArn);
      tagged.set(tagged.get().filter((t) => !tagKeys.includes(t.key ?? '')));
    });
  }

  // ----- internals -----

  /** Records the call, answers asynchronously as a network call would, then fails or runs it. */
  async #call<T>(op: FakeEcsOperation, input: unknown, fn: () => T): Promise<T> {
    this.calls.push({ op, input: structuredClone(input) });
    await Promise.resolve();
    const index = this.#failures.findIndex((f) => f.op === op);
    if (index >= 0) {
      const [failure] = this.#failures.splice(index, 1);
      if (failure !== undefined) throw failure.error;
    }
    return fn();
  }

  #revision(ref: string): StoredRevision {
    const direct = this.#revisions.get(ref);
    if (direct !== undefined) return direct;
    const found = [...this.#revisions.values()].find(
      (r) => `${r.taskDefinition.family ?? ''}:${r.taskDefinition.revision ?? 0}` === ref,
    );
    if (found === undefined) throw awsError('ClientException', 'Unable to describe task definition.');
    return found;
  }

  /** The tags of the revision or service `arn` names, to read and replace. */
  #tagged(arn: string): { get(): Tag[]; set(tags: Tag[]): void } {
    if (arn.includes(':task-definition/')) {
      const stored = this.#revision(arn);
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
    if (manual) this.#inProgress(deployment, count);
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

  /** A new PRIMARY deployment; the old PRIMARY stays ACTIVE while a manual rollout runs. */
  #startDeployment(svc: Service): void {
    const next = this.#deployment(svc.taskDefinition, svc.desiredCount ?? 0);
    const old = (svc.deployments ?? [])
      .filter((d) => d.status === 'PRIMARY')
      .map((d) => ({ ...d, status: 'ACTIVE' }));
    svc.deployments = this.rolloutMode === 'instant' ? [next] : [next, ...old];
    if (this.rolloutMode === 'manual') this.#inProgress(next, next.desiredCount ?? 0);
  }

  #inProgress(deployment: Deployment, count: number): void {
    deployment.rolloutState = 'IN_PROGRESS';
    deployment.runningCount = 0;
    deployment.pendingCount = count;
  }

  #deployment(taskDefinition: string | undefined, desiredCount: number): Deployment {
    this.#deploymentCounter += 1;
    return {
      id: `ecs-svc/${String(this.#deploymentCounter).padStart(6, '0')}`,
      status: 'PRIMARY',
      ...(taskDefinition !== undefined ? { taskDefinition } : {}),
      desiredCount,
      runningCount: desiredCount,
      pendingCount: 0,
      failedTasks: 0,
      rolloutState: 'COMPLETED',
    };
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
