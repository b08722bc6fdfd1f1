/**
 * A stateful in-memory ECS for task definition tests: revisions with AWS's numbering (it continues
 * after deletions), ACTIVE → INACTIVE → deleted, tags, per-operation call counts and injectable
 * failures. It is stricter than AWS where that catches planner bugs: DeleteTaskDefinitions of an
 * ACTIVE revision throws instead of reporting a failure. Service calls are not implemented.
 *
 * Test-only: `testing/` folders are left out of the build (`tsconfig.build.json`).
 */
import type {
  ContainerDefinition,
  RegisterTaskDefinitionCommandInput,
  Tag,
  TaskDefinition,
  TaskDefinitionStatus,
} from '@aws-sdk/client-ecs';
import type { DescribeServicesResult, EcsApi, TaskDefinitionWithTags } from '../../../aws/ecs-api.js';
import { awsError } from '../../../aws/testing/fake-aws-error.js';

/** The operations the fake counts. */
export type FakeEcsOperation =
  | 'RegisterTaskDefinition'
  | 'DescribeTaskDefinition'
  | 'ListTaskDefinitions'
  | 'DeregisterTaskDefinition'
  | 'DeleteTaskDefinitions'
  | 'TagResource'
  | 'UntagResource';

interface StoredRevision {
  taskDefinition: TaskDefinition;
  tags: Tag[];
}

export { awsError };

/** Options for {@link FakeEcs}. */
export interface FakeEcsOptions {
  readonly region?: string;
  readonly account?: string;
  /** Whether RegisterTaskDefinition's answer includes tags (AWS: yes; the moto emulator: no). Default false. */
  readonly registerAnswersTags?: boolean;
}

/** An in-memory EcsApi for task definitions. */
export class FakeEcs implements EcsApi {
  readonly region: string;
  readonly account: string;
  /** Calls per operation. */
  readonly calls: Record<FakeEcsOperation, number> = {
    RegisterTaskDefinition: 0,
    DescribeTaskDefinition: 0,
    ListTaskDefinitions: 0,
    DeregisterTaskDefinition: 0,
    DeleteTaskDefinitions: 0,
    TagResource: 0,
    UntagResource: 0,
  };
  readonly #registerAnswersTags: boolean;
  readonly #revisions = new Map<string, StoredRevision>();
  readonly #lastRevision = new Map<string, number>();
  readonly #failures: { op: FakeEcsOperation; error: Error }[] = [];
  #clock = Date.parse('2026-01-01T00:00:00Z');

  constructor(options: FakeEcsOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
    this.#registerAnswersTags = options.registerAnswersTags ?? false;
  }

  /** Makes the next call of `op` throw `error` (queued: several calls fail in order). */
  failNext(op: FakeEcsOperation, error: Error): void {
    this.#failures.push({ op, error });
  }

  /** The total number of calls made, all operations together. */
  totalCalls(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }

  /** Resets the call counters (state is kept). */
  resetCalls(): void {
    for (const key of Object.keys(this.calls) as FakeEcsOperation[]) this.calls[key] = 0;
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

  registerTaskDefinition(input: RegisterTaskDefinitionCommandInput): Promise<TaskDefinitionWithTags> {
    return this.#call('RegisterTaskDefinition', () => {
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
    return this.#call('DescribeTaskDefinition', () => {
      const stored = this.#find(taskDefinition);
      return { taskDefinition: structuredClone(stored.taskDefinition), tags: structuredClone(stored.tags) };
    });
  }

  listTaskDefinitions(family: string, status: TaskDefinitionStatus): Promise<string[]> {
    return this.#call('ListTaskDefinitions', () =>
      this.revisions(family)
        .filter((r) => r.status === status)
        .map((r) => r.arn),
    );
  }

  deregisterTaskDefinition(taskDefinitionArn: string): Promise<void> {
    return this.#call('DeregisterTaskDefinition', () => {
      const stored = this.#find(taskDefinitionArn);
      stored.taskDefinition.status = 'INACTIVE';
    });
  }

  deleteTaskDefinitions(taskDefinitionArns: readonly string[]): Promise<void> {
    return this.#call('DeleteTaskDefinitions', () => {
      if (taskDefinitionArns.length === 0 || taskDefinitionArns.length > 10) {
        throw awsError('InvalidParameterException', 'Size of TaskDefinition references list must be 1 to 10');
      }
      for (const arn of taskDefinitionArns) {
        if (this.#find(arn).taskDefinition.status === 'ACTIVE') {
          throw awsError(
            'ClientException',
            `The specified task definition ${arn} is still in ACTIVE status.`,
          );
        }
      }
      for (const arn of taskDefinitionArns) this.#revisions.delete(arn);
    });
  }

  tagResource(resourceArn: string, tags: readonly Tag[]): Promise<void> {
    return this.#call('TagResource', () => {
      const stored = this.#find(resourceArn);
      const keys = new Set(tags.map((t) => t.key));
      stored.tags = [...stored.tags.filter((t) => !keys.has(t.key)), ...structuredClone([...tags])];
    });
  }

  untagResource(resourceArn: string, tagKeys: readonly string[]): Promise<void> {
    return this.#call('UntagResource', () => {
      const stored = this.#find(resourceArn);
      stored.tags = stored.tags.filter((t) => !tagKeys.includes(t.key ?? ''));
    });
  }

  describeServices(): Promise<DescribeServicesResult> {
    return Promise.reject(new Error('FakeEcs: services are not implemented'));
  }

  createService(): Promise<never> {
    return Promise.reject(new Error('FakeEcs: services are not implemented'));
  }

  updateService(): Promise<never> {
    return Promise.reject(new Error('FakeEcs: services are not implemented'));
  }

  deleteService(): Promise<never> {
    return Promise.reject(new Error('FakeEcs: services are not implemented'));
  }

  #find(ref: string): StoredRevision {
    const direct = this.#revisions.get(ref);
    if (direct !== undefined) return direct;
    const found = [...this.#revisions.values()].find(
      (r) => `${r.taskDefinition.family ?? ''}:${r.taskDefinition.revision ?? 0}` === ref,
    );
    if (found === undefined) throw awsError('ClientException', 'Unable to describe task definition.');
    return found;
  }

  async #call<T>(op: FakeEcsOperation, fn: () => T): Promise<T> {
    this.calls[op] += 1;
    // Answer asynchronously, as a network call would, so interleavings are realistic.
    await Promise.resolve();
    const index = this.#failures.findIndex((f) => f.op === op);
    if (index >= 0) {
      const [failure] = this.#failures.splice(index, 1);
      if (failure !== undefined) throw failure.error;
    }
    return fn();
  }
}
