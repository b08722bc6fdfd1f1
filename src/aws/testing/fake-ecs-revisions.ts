/**
 * The task definition revisions {@link FakeEcs} keeps: AWS's numbering (it continues after
 * deletions), ACTIVE → INACTIVE → deleted, and their tags. Stricter than AWS where that catches
 * planner bugs: deleting an ACTIVE revision throws instead of reporting a failure.
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
import { awsError } from './fake-aws-error.js';

/** One stored revision and its tags (mutable: the fake's tag calls replace them). */
export interface StoredRevision {
  taskDefinition: TaskDefinition;
  tags: Tag[];
}

/** A revision as a test reads it back. */
export interface FakeRevision {
  revision: number;
  status: string;
  arn: string;
  tags: Tag[];
  image?: string;
}

/** The revisions of every family in one account and Region. */
export class FakeRevisionStore {
  readonly #revisions = new Map<string, StoredRevision>();
  readonly #lastRevision = new Map<string, number>();

  constructor(
    private readonly region: string,
    private readonly account: string,
  ) {}

  /** Registers the next revision of `input.family`, echoing AWS's defaults; `registeredAt` is `now`. */
  register(input: RegisterTaskDefinitionCommandInput, now: Date): StoredRevision {
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
      registeredAt: now,
    };
    const stored = { taskDefinition, tags: inputTags ?? [] };
    this.#revisions.set(arn, stored);
    return stored;
  }

  /** The revision `ref` names (an ARN or `family:revision`); ClientException when there is none. */
  find(ref: string): StoredRevision {
    const direct = this.#revisions.get(ref);
    if (direct !== undefined) return direct;
    const found = [...this.#revisions.values()].find(
      (r) => `${r.taskDefinition.family ?? ''}:${r.taskDefinition.revision ?? 0}` === ref,
    );
    if (found === undefined) throw awsError('ClientException', 'Unable to describe task definition.');
    return found;
  }

  /** Deletes INACTIVE revisions, 1 to 10 at a time, as DeleteTaskDefinitions does. */
  delete(taskDefinitionArns: readonly string[]): void {
    if (taskDefinitionArns.length === 0 || taskDefinitionArns.length > 10) {
      throw awsError('InvalidParameterException', 'Size of TaskDefinition references list must be 1 to 10');
    }
    for (const arn of taskDefinitionArns) {
      if (this.find(arn).taskDefinition.status === 'ACTIVE') {
        throw awsError('ClientException', `The specified task definition ${arn} is still in ACTIVE status.`);
      }
    }
    for (const arn of taskDefinitionArns) this.#revisions.delete(arn);
  }

  /** The ARNs of every revision of every family with `status`. */
  allArns(status: TaskDefinitionStatus): string[] {
    return [...this.#revisions.values()]
      .filter((r) => r.taskDefinition.status === status)
      .map((r) => r.taskDefinition.taskDefinitionArn ?? '');
  }

  /** Every revision of `family` with its status, ascending (deleted ones are gone). */
  ofFamily(family: string): FakeRevision[] {
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
}
