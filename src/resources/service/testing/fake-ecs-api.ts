/**
 * A stateful in-memory ECS for the service controller's unit tests: it keeps services, their tags
 * and deployments the way ECS does (UpdateService replaces only the fields it is given, an empty
 * list clears, a deployment-starting change makes a new PRIMARY deployment, DeleteService needs
 * `force` or a zero count, the client token makes CreateService idempotent), records every call, and
 * lets a test script rollouts, drift and failures. Not a proof of ECS behaviour: the integration
 * suites against the emulator are.
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
import type { DescribeServicesResult, EcsApi, TaskDefinitionWithTags } from '../../../aws/ecs-api.js';
import { ECS_DEPLOYMENT_STARTING_FIELDS } from '../../../aws/ecs-deployment-fields.js';
import { awsError } from '../../../aws/testing/fake-aws-error.js';

export { awsError };

/** How rollouts behave: `instant` completes them at once; `manual` waits for the test. */
export type RolloutMode = 'instant' | 'manual';

/** One recorded call. */
export interface FakeEcsCall {
  readonly op: string;
  readonly input: unknown;
}

const WRITE_OPS = new Set([
  'createService',
  'updateService',
  'deleteService',
  'tagResource',
  'untagResource',
]);

interface Stored {
  service: Service;
  token?: string | undefined;
}

/** The fake; see the file header. */
export class FakeEcsApi implements EcsApi {
  readonly calls: FakeEcsCall[] = [];
  rolloutMode: RolloutMode = 'instant';
  private readonly services = new Map<string, Stored>();
  private readonly failures: { op: string; error: Error }[] = [];
  private deploymentCounter = 0;
  private eventCounter = 0;
  private clock = Date.UTC(2026, 0, 1);

  constructor(
    readonly region = 'us-east-1',
    readonly account = '123456789012',
  ) {}

  /** The writes recorded so far (create, update, delete, tag, untag). */
  writes(): FakeEcsCall[] {
    return this.calls.filter((c) => WRITE_OPS.has(c.op));
  }

  /** The calls of one operation. */
  callsOf(op: string): FakeEcsCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  /** Makes the next call of `op` throw `error`. */
  failNext(op: string, error: Error): void {
    this.failures.push({ op, error });
  }

  /** The stored service (a copy), or undefined. */
  get(cluster: string, name: string): Service | undefined {
    const s = this.services.get(this.key(cluster, name));
    return s === undefined ? undefined : structuredClone(s.service);
  }

  /** Changes a service behind the operator's back (console drift, autoscaling, scripted rollouts). */
  mutate(cluster: string, name: string, change: (service: Service) => void): void {
    const s = this.services.get(this.key(cluster, name));
    if (s === undefined) throw new Error(`no service ${cluster}/${name}`);
    change(s.service);
  }

  /** Puts a service in place as if someone else created it (no owner tags unless given). */
  seed(cluster: string, input: Omit<CreateServiceCommandInput, 'cluster'>): Service {
    return this.create({ ...input, cluster });
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
        const back = this.deployment(previous.taskDefinition, svc.desiredCount ?? 0);
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
      this.eventCounter += 1;
      this.clock += 1000;
      svc.events = [
        { id: `ev-${this.eventCounter}`, createdAt: new Date(this.clock), message },
        ...(svc.events ?? []),
      ];
    });
  }

  async describeServices(cluster: string, names: readonly string[]): Promise<DescribeServicesResult> {
    this.record('describeServices', { cluster, names });
    await Promise.resolve();
    const services: Service[] = [];
    const failures: { arn: string; reason: string }[] = [];
    for (const name of names) {
      const s = this.services.get(this.key(cluster, name));
      if (s === undefined) failures.push({ arn: this.serviceArn(cluster, name), reason: 'MISSING' });
      else services.push(structuredClone(s.service));
    }
    return { services, failures };
  }

  async createService(input: CreateServiceCommandInput): Promise<Service> {
    this.record('createService', input);
    await Promise.resolve();
    const existing = this.services.get(this.key(input.cluster ?? 'default', input.serviceName ?? ''));
    if (existing !== undefined && existing.service.status !== 'INACTIVE') {
      if (input.clientToken !== undefined && existing.token === input.clientToken) {
        return this.strip(existing.service);
      }
      throw awsError('InvalidParameterException', 'Creation of service was not idempotent.');
    }
    return this.strip(this.create(input));
  }

  async updateService(input: UpdateServiceCommandInput): Promise<Service> {
    this.record('updateService', input);
    await Promise.resolve();
    const stored = this.services.get(this.key(input.cluster ?? 'default', input.service ?? ''));
    if (stored === undefined) throw awsError('ServiceNotFoundException', 'Service not found.');
    const svc = stored.service;
    if (svc.status !== 'ACTIVE') throw awsError('ServiceNotActiveException', 'Service was not ACTIVE.');
    const before = structuredClone(svc);
    const { cluster: _c, service: _s, forceNewDeployment, taskDefinition, ...fields } = input;
    for (const [k, v] of Object.entries(fields)) {
      if (v !== undefined) (svc as Record<string, unknown>)[k] = structuredClone(v);
    }
    if (taskDefinition !== undefined) svc.taskDefinition = this.taskDefinitionArn(taskDefinition);
    const deploying =
      forceNewDeployment === true ||
      ECS_DEPLOYMENT_STARTING_FIELDS.some(
        (f) =>
          JSON.stringify((before as Record<string, unknown>)[f]) !==
          JSON.stringify((svc as Record<string, unknown>)[f]),
      );
    if (deploying) {
      const next = this.deployment(svc.taskDefinition, svc.desiredCount ?? 0);
      const old = (svc.deployments ?? [])
        .filter((d) => d.status === 'PRIMARY')
        .map((d) => ({ ...d, status: 'ACTIVE' }));
      svc.deployments = this.rolloutMode === 'instant' ? [next] : [next, ...old];
      if (this.rolloutMode === 'manual') {
        next.rolloutState = 'IN_PROGRESS';
        next.runningCount = 0;
        next.pendingCount = next.desiredCount ?? 0;
      }
    }
    if (input.desiredCount !== undefined) {
      for (const d of svc.deployments ?? []) if (d.status === 'PRIMARY') d.desiredCount = input.desiredCount;
      if (this.rolloutMode === 'instant') svc.runningCount = input.desiredCount;
    }
    return this.strip(svc);
  }

  async deleteService(input: DeleteServiceCommandInput): Promise<Service | undefined> {
    this.record('deleteService', input);
    await Promise.resolve();
    const stored = this.services.get(this.key(input.cluster ?? 'default', input.service ?? ''));
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
    return this.strip(stored.service);
  }

  async tagResource(resourceArn: string, tags: readonly Tag[]): Promise<void> {
    this.record('tagResource', { resourceArn, tags });
    await Promise.resolve();
    const svc = this.byArn(resourceArn);
    const map = new Map((svc.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
    for (const t of tags) map.set(t.key ?? '', t.value ?? '');
    svc.tags = [...map].map(([key, value]) => ({ key, value }));
  }

  async untagResource(resourceArn: string, tagKeys: readonly string[]): Promise<void> {
    this.record('untagResource', { resourceArn, tagKeys });
    await Promise.resolve();
    const svc = this.byArn(resourceArn);
    svc.tags = (svc.tags ?? []).filter((t) => !tagKeys.includes(t.key ?? ''));
  }

  registerTaskDefinition(_input: RegisterTaskDefinitionCommandInput): Promise<TaskDefinitionWithTags> {
    return Promise.reject(new Error('FakeEcsApi: task definitions are not faked'));
  }
  describeTaskDefinition(_taskDefinition: string): Promise<TaskDefinitionWithTags> {
    return Promise.reject(new Error('FakeEcsApi: task definitions are not faked'));
  }
  listTaskDefinitions(_family: string, _status: TaskDefinitionStatus): Promise<string[]> {
    return Promise.reject(new Error('FakeEcsApi: task definitions are not faked'));
  }
  deregisterTaskDefinition(_arn: string): Promise<void> {
    return Promise.reject(new Error('FakeEcsApi: task definitions are not faked'));
  }
  deleteTaskDefinitions(_arns: readonly string[]): Promise<void> {
    return Promise.reject(new Error('FakeEcsApi: task definitions are not faked'));
  }

  private record(op: string, input: unknown): void {
    this.calls.push({ op, input: structuredClone(input) });
    const i = this.failures.findIndex((f) => f.op === op);
    if (i >= 0) {
      const [failure] = this.failures.splice(i, 1);
      if (failure !== undefined) throw failure.error;
    }
  }

  private create(input: CreateServiceCommandInput): Service {
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
    const td = taskDefinition === undefined ? undefined : this.taskDefinitionArn(taskDefinition);
    const deployment = this.deployment(td, count);
    const manual = this.rolloutMode === 'manual';
    if (manual) {
      deployment.rolloutState = 'IN_PROGRESS';
      deployment.runningCount = 0;
      deployment.pendingCount = count;
    }
    const service: Service = {
      ...fields,
      serviceArn: this.serviceArn(cluster, name),
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
    this.services.set(this.key(cluster, name), { service, token: clientToken });
    return service;
  }

  private deployment(taskDefinition: string | undefined, desiredCount: number): Deployment {
    this.deploymentCounter += 1;
    return {
      id: `ecs-svc/${String(this.deploymentCounter).padStart(6, '0')}`,
      status: 'PRIMARY',
      ...(taskDefinition !== undefined ? { taskDefinition } : {}),
      desiredCount,
      runningCount: desiredCount,
      pendingCount: 0,
      failedTasks: 0,
      rolloutState: 'COMPLETED',
    };
  }

  private strip(service: Service): Service {
    // ECS answers writes without tags.
    const { tags: _tags, ...rest } = structuredClone(service);
    return rest;
  }

  private byArn(arn: string): Service {
    for (const s of this.services.values()) if (s.service.serviceArn === arn) return s.service;
    throw awsError('InvalidParameterException', `The specified resource ${arn} is not valid.`);
  }

  private key(cluster: string, name: string): string {
    return `${cluster.split('/').pop() ?? cluster}/${name.split('/').pop() ?? name}`;
  }

  private serviceArn(cluster: string, name: string): string {
    return `arn:aws:ecs:${this.region}:${this.account}:service/${cluster.split('/').pop() ?? cluster}/${name}`;
  }

  private taskDefinitionArn(td: string): string {
    return td.startsWith('arn:') ? td : `arn:aws:ecs:${this.region}:${this.account}:task-definition/${td}`;
  }
}
