/**
 * Checks of an EcsTaskDefinition spec that the API server's schema and CEL rules cannot make: ARN
 * shapes, secret references, log driver options, references between containers and volumes, and
 * what Fargate does not support. Pure. Each problem names the field path, the value and the fix;
 * the reconciler turns a non-empty list into `Ready=False, Stalled=True, reason InvalidSpec` and
 * makes no AWS call (the emulator accepts nearly anything, and AWS would answer with one vague
 * ClientException at a time, spending the scarce RegisterTaskDefinition budget on each).
 */
import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { ecsNameProblem } from '../ecs-name.js';
import {
  checkLogConfiguration,
  checkSecrets,
  list,
  SECRETS_MANAGER_ARN,
  type Add,
} from './validate-container-options.js';
import type { EcsTaskDefinition, EcsTaskDefinitionSpec } from './types.js';

/** One thing wrong with a spec. */
export interface SpecProblem {
  /** The field path, e.g. `spec.containerDefinitions[0].secrets[1].valueFrom`. */
  readonly path: string;
  /** The offending value as the user wrote it (empty when the problem is an absence). */
  readonly value: string;
  /** A whole sentence: the path, the value, what is wrong and the fix. */
  readonly message: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/**
 * The problem with the family the object registers into (`spec.family`, else `metadata.name`), as a
 * list of zero or one: ECS refuses a family with anything but letters, digits, `-` and `_`.
 */
export function validateFamily(obj: Pick<EcsTaskDefinition, 'metadata' | 'spec'>): SpecProblem[] {
  const message = ecsNameProblem({
    what: 'ECS task definition family',
    field: 'spec.family',
    explicit: obj.spec.family,
    name: obj.metadata.name,
  });
  if (message === undefined) return [];
  const explicit = obj.spec.family !== undefined;
  return [
    {
      path: explicit ? 'spec.family' : 'metadata.name',
      value: explicit ? (obj.spec.family ?? '') : obj.metadata.name,
      message,
    },
  ];
}

/** Returns every problem of `spec`; empty when the operator may call AWS with it. */
export function validateSpec(spec: EcsTaskDefinitionSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const add = (path: string, value: unknown, what: string): void => {
    const shown = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    problems.push({
      path,
      value: shown,
      message: `${path}${shown === '' ? '' : ` ${JSON.stringify(shown)}`}: ${what}`,
    });
  };
  const fargate = spec.requiresCompatibilities?.includes('FARGATE') ?? false;
  const containers = spec.containerDefinitions;
  const containerNames = new Set(containers.map((c) => c.name ?? ''));
  const volumeNames = new Set((spec.volumes ?? []).map((v) => v.name ?? ''));

  for (const field of ['executionRoleArn', 'taskRoleArn'] as const) {
    const value = spec[field];
    if (value !== undefined && !ROLE_ARN.test(value)) {
      const name = /^[\w+=,.@-]+$/.test(value) ? value : '<role-name>';
      add(
        `spec.${field}`,
        value,
        `is not an IAM role ARN: use the role's full ARN, arn:aws:iam::<account-id>:role/${name}`,
      );
    }
  }

  containers.forEach((c, i) => {
    const at = `spec.containerDefinitions[${i}]`;
    const self = c.name ?? '';
    const image = c.image ?? '';
    if (image.trim() === '' || /\s/.test(image)) {
      add(
        `${at}.image`,
        image,
        `container ${self} needs an image reference without spaces, for example httpd:2.4 or <account>.dkr.ecr.<region>.amazonaws.com/app:v1`,
      );
    }
    checkSecrets(c.secrets, `${at}.secrets`, add);
    const credentials = c.repositoryCredentials?.credentialsParameter;
    if (credentials !== undefined && !SECRETS_MANAGER_ARN.test(credentials)) {
      add(
        `${at}.repositoryCredentials.credentialsParameter`,
        credentials,
        'is not a Secrets Manager secret ARN: use arn:aws:secretsmanager:<region>:<account-id>:secret:<name>',
      );
    }
    if (c.logConfiguration !== undefined) {
      checkLogConfiguration(c.logConfiguration, `${at}.logConfiguration`, { fargate, containers }, add);
    }
    c.dependsOn?.forEach((d, j) => {
      const target = d.containerName ?? '';
      if (target === self)
        add(
          `${at}.dependsOn[${j}].containerName`,
          target,
          'a container cannot depend on itself: remove this entry',
        );
      else if (!containerNames.has(target))
        add(
          `${at}.dependsOn[${j}].containerName`,
          target,
          `names no container of this task: use one of ${list(containerNames)}`,
        );
    });
    c.volumesFrom?.forEach((v, j) => {
      const source = v.sourceContainer ?? '';
      if (source === self || !containerNames.has(source)) {
        add(
          `${at}.volumesFrom[${j}].sourceContainer`,
          source,
          `must name another container of this task: use one of ${list(without(containerNames, self))}`,
        );
      }
    });
    c.links?.forEach((link, j) => {
      const target = link.split(':')[0] ?? '';
      if ((spec.networkMode ?? 'bridge') !== 'bridge') {
        add(
          `${at}.links[${j}]`,
          link,
          `links work only under networkMode bridge: remove it and reach the container by localhost (${spec.networkMode ?? ''} shares the network)`,
        );
      } else if (!containerNames.has(target) || target === self) {
        add(
          `${at}.links[${j}]`,
          link,
          `must name another container of this task: use one of ${list(without(containerNames, self))}`,
        );
      }
    });
    c.mountPoints?.forEach((m, j) => {
      const source = m.sourceVolume ?? '';
      if (!volumeNames.has(source)) {
        add(
          `${at}.mountPoints[${j}].sourceVolume`,
          source,
          volumeNames.size === 0
            ? 'names no volume: add it to spec.volumes'
            : `names no volume in spec.volumes: use one of ${list(volumeNames)} or add it`,
        );
      }
    });
    const envNames = new Set((c.environment ?? []).map((e) => e.name));
    (c.secrets ?? []).forEach((s, j) => {
      if (envNames.has(s.name))
        add(`${at}.secrets[${j}].name`, s.name, 'is also in environment: keep it in one of the two');
    });
    if (fargate && c.privileged === true)
      add(`${at}.privileged`, true, 'Fargate does not run privileged containers: remove privileged');
    if (fargate && (c.links?.length ?? 0) > 0)
      add(`${at}.links`, c.links, 'Fargate does not support links: remove them');
  });

  checkResourceSums(spec, containers, add);

  if (spec.proxyConfiguration !== undefined) {
    const name = spec.proxyConfiguration.containerName ?? '';
    if (!containerNames.has(name))
      add(
        'spec.proxyConfiguration.containerName',
        name,
        `names no container of this task: use one of ${list(containerNames)}`,
      );
  }

  spec.volumes?.forEach((v, i) => {
    const at = `spec.volumes[${i}]`;
    const efs = v.efsVolumeConfiguration;
    if (efs !== undefined) {
      const encrypted = efs.transitEncryption === 'ENABLED';
      if (efs.transitEncryptionPort !== undefined && !encrypted)
        add(
          `${at}.efsVolumeConfiguration.transitEncryptionPort`,
          efs.transitEncryptionPort,
          'needs transitEncryption: ENABLED: set it, or remove the port',
        );
      const auth = efs.authorizationConfig;
      if ((auth?.iam === 'ENABLED' || auth?.accessPointId !== undefined) && !encrypted) {
        add(
          `${at}.efsVolumeConfiguration.transitEncryption`,
          efs.transitEncryption ?? '',
          'must be ENABLED when authorizationConfig uses IAM or an access point: set transitEncryption: ENABLED',
        );
      }
      if (auth?.accessPointId !== undefined && efs.rootDirectory !== undefined && efs.rootDirectory !== '/') {
        add(
          `${at}.efsVolumeConfiguration.rootDirectory`,
          efs.rootDirectory,
          'must be left out (or /) with an access point, whose own root directory applies: remove rootDirectory',
        );
      }
    }
    const s3files = v.s3filesVolumeConfiguration;
    if (s3files !== undefined) {
      // API_S3FilesVolumeConfiguration: "If an access point is specified ..., the root directory ...
      // must either be omitted or set to /"; and "Your task definition must include a Task IAM Role."
      if (
        s3files.accessPointArn !== undefined &&
        s3files.rootDirectory !== undefined &&
        s3files.rootDirectory !== '/'
      )
        add(
          `${at}.s3filesVolumeConfiguration.rootDirectory`,
          s3files.rootDirectory,
          'must be left out (or /) with an access point, whose own root directory applies: remove rootDirectory',
        );
      if (spec.taskRoleArn === undefined)
        add(
          `${at}.s3filesVolumeConfiguration`,
          undefined,
          'needs a task IAM role to attach the S3 Files file system: set spec.taskRoleArn',
        );
    }
    if (fargate && v.host?.sourcePath !== undefined)
      add(
        `${at}.host.sourcePath`,
        v.host.sourcePath,
        'Fargate has no host paths: remove sourcePath (an empty host: {} is a task-scoped bind mount) or use EFS',
      );
    if (fargate && v.dockerVolumeConfiguration !== undefined)
      add(
        `${at}.dockerVolumeConfiguration`,
        undefined,
        'Fargate does not support Docker volumes: use a bind mount (host: {}) or EFS',
      );
  });

  if (fargate) {
    if ((spec.placementConstraints?.length ?? 0) > 0)
      add(
        'spec.placementConstraints',
        undefined,
        'Fargate does not support placement constraints: remove them',
      );
    if (spec.ipcMode !== undefined)
      add('spec.ipcMode', spec.ipcMode, 'Fargate does not support ipcMode: remove it');
    if (spec.pidMode === 'host')
      add('spec.pidMode', spec.pidMode, "Fargate supports only pidMode task: use 'task' or remove it");
  }
  return problems;
}

/** One status-ready sentence for a list of problems (at most `max` spelled out). */
export function describeProblems(problems: readonly SpecProblem[], max = 5): string {
  const shown = problems.slice(0, max).map((p) => p.message);
  const more = problems.length > max ? ` (and ${problems.length - max} more)` : '';
  return `${shown.join('; ')}${more}`;
}

function checkResourceSums(
  spec: EcsTaskDefinitionSpec,
  containers: readonly ContainerDefinition[],
  add: Add,
): void {
  const taskMemory = integer(spec.memory);
  if (taskMemory !== undefined) {
    containers.forEach((c, i) => {
      if (c.memory !== undefined && c.memory > taskMemory)
        add(
          `spec.containerDefinitions[${i}].memory`,
          c.memory,
          `is above the task's memory ${taskMemory} MiB: lower it or raise spec.memory`,
        );
    });
    const reserved = containers.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0);
    if (reserved > taskMemory)
      add(
        'spec.memory',
        spec.memory,
        `is below the ${reserved} MiB the containers reserve together: raise spec.memory or lower the containers' memoryReservation/memory`,
      );
  }
  const taskCpu = integer(spec.cpu);
  if (taskCpu !== undefined) {
    const cpu = containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
    if (cpu > taskCpu)
      add(
        'spec.cpu',
        spec.cpu,
        `is below the ${cpu} CPU units the containers reserve together: raise spec.cpu or lower the containers' cpu`,
      );
  }
}

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function without(names: ReadonlySet<string>, name: string): Set<string> {
  const out = new Set(names);
  out.delete(name);
  return out;
}
