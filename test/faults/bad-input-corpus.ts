/**
 * The bad-input corpus of the fault suite (scenario 6): invalid EcsTaskDefinition and EcsService
 * manifests generated from two valid bases, each with the field names one of which the user must
 * see in the API server's refusal or in the object's condition.
 */
import { API_GROUP_VERSION } from '../../src/resources/api-group.js';

/** Our two kinds, by plural. */
export type CorpusPlural = 'ecstaskdefinitions' | 'ecsservices';

/** One invalid manifest and what a clear message about it must name. */
export interface BadCase {
  /** Short label for reports, e.g. `td/wrong-type/cpu-number`. */
  readonly id: string;
  /** The category shown in docs/reliability.md. */
  readonly category: string;
  readonly plural: CorpusPlural;
  readonly manifest: Record<string, unknown>;
  /** At least one of these must appear in the message (field names, or the offending value). */
  readonly needles: readonly string[];
  /** True when the API server itself must refuse it (a condition afterwards is not enough). */
  readonly atAdmission?: boolean;
}

/** The cluster and the registered family:revision the service bases run (created by the test). */
export const BASE_CLUSTER = 'faults-bad-input';
/** The family the service base names directly (no EcsTaskDefinition needed). */
export const BASE_FAMILY = 'faults-bad-base';

type Spec = Record<string, unknown>;

function tdBase(): Spec {
  return {
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'app', image: 'httpd:2.4', portMappings: [{ containerPort: 80 }] }],
  };
}

function svcBase(): Spec {
  return { cluster: BASE_CLUSTER, taskDefinition: `${BASE_FAMILY}:1`, desiredCount: 1, launchType: 'EC2' };
}

function container(patch: Spec): Spec {
  return { name: 'app', image: 'httpd:2.4', portMappings: [{ containerPort: 80 }], ...patch };
}

const TEN_KB = 'x'.repeat(10 * 1024);

/** Strings a hostile or careless user might put in names and tags. */
export const HOSTILE: readonly { label: string; value: string }[] = [
  { label: 'double-quote', value: 'a"b' },
  { label: 'single-quote', value: "a'b" },
  { label: 'newline', value: 'a\nb' },
  { label: 'unicode', value: 'café-😀' },
  { label: 'shell-subst', value: '$(rm -rf /)' },
  { label: 'shell-meta', value: 'a;b|c&d`e`' },
  { label: 'ten-kb', value: TEN_KB },
];

/** Builds the corpus: a list of invalid manifests, each named uniquely (`bad-<n>`). */
export function badInputCorpus(): BadCase[] {
  const out: BadCase[] = [];
  const td = (
    category: string,
    id: string,
    spec: Spec,
    needles: readonly string[],
    name?: string,
    atAdmission?: boolean,
  ): void => {
    out.push({
      ...(atAdmission === true ? { atAdmission } : {}),
      id: `td/${id}`,
      category,
      plural: 'ecstaskdefinitions',
      manifest: {
        apiVersion: API_GROUP_VERSION,
        kind: 'EcsTaskDefinition',
        metadata: { name: name ?? `bad-${out.length}` },
        spec,
      },
      needles,
    });
  };
  const svc = (
    category: string,
    id: string,
    spec: Spec,
    needles: readonly string[],
    name?: string,
    atAdmission?: boolean,
  ): void => {
    out.push({
      ...(atAdmission === true ? { atAdmission } : {}),
      id: `svc/${id}`,
      category,
      plural: 'ecsservices',
      manifest: {
        apiVersion: API_GROUP_VERSION,
        kind: 'EcsService',
        metadata: { name: name ?? `bad-${out.length}` },
        spec,
      },
      needles,
    });
  };

  // Wrong types.
  const tdTypes: [string, Spec, string][] = [
    ['cpu-number', { cpu: 256 }, 'cpu'],
    ['memory-bool', { memory: true }, 'memory'],
    ['containers-string', { containerDefinitions: 'app' }, 'containerDefinitions'],
    ['compat-string', { requiresCompatibilities: 'FARGATE' }, 'requiresCompatibilities'],
    ['history-string', { revisionHistoryLimit: 'ten' }, 'revisionHistoryLimit'],
    ['tags-map', { tags: { team: 'a' } }, 'tags'],
    ['container-memory-string', { containerDefinitions: [container({ memory: '512MB' })] }, 'memory'],
    [
      'container-port-string',
      { containerDefinitions: [container({ portMappings: [{ containerPort: '80' }] })] },
      'containerPort',
    ],
    // Not 'yes': kubectl reads YAML 1.1, where an unquoted yes is the boolean true.
    ['essential-string', { containerDefinitions: [container({ essential: 'maybe' })] }, 'essential'],
    [
      'env-value-number',
      { containerDefinitions: [container({ environment: [{ name: 'A', value: 5 }] })] },
      'value',
    ],
    ['execution-role-number', { executionRoleArn: 12 }, 'executionRoleArn'],
  ];
  for (const [id, patch, field] of tdTypes)
    td('wrong type', `wrong-type/${id}`, { ...tdBase(), ...patch }, [field]);
  const svcTypes: [string, Spec, string][] = [
    ['desired-string', { desiredCount: '1' }, 'desiredCount'],
    ['launch-number', { launchType: 5 }, 'launchType'],
    ['cluster-number', { cluster: 7 }, 'cluster'],
    ['tags-map', { tags: { team: 'a' } }, 'tags'],
    ['exec-string', { enableExecuteCommand: 'true' }, 'enableExecuteCommand'],
    ['ref-string', { taskDefinition: undefined, taskDefinitionRef: 'web' }, 'taskDefinitionRef'],
  ];
  for (const [id, patch, field] of svcTypes)
    svc('wrong type', `wrong-type/${id}`, { ...svcBase(), ...patch }, [field]);

  // Missing required fields.
  const { containerDefinitions: _omit, ...noContainers } = tdBase();
  td('missing field', 'missing/containers', noContainers, ['containerDefinitions']);
  td(
    'missing field',
    'missing/container-name',
    { ...tdBase(), containerDefinitions: [{ image: 'httpd:2.4' }] },
    ['name'],
  );
  td('missing field', 'missing/container-image', { ...tdBase(), containerDefinitions: [{ name: 'app' }] }, [
    'image',
  ]);
  td('missing field', 'missing/tag-key', { ...tdBase(), tags: [{ value: 'x' }] }, ['key']);
  td('missing field', 'missing/fargate-memory', { ...tdBase(), memory: undefined }, ['memory']);
  td(
    'missing field',
    'missing/secret-value-from',
    { ...tdBase(), containerDefinitions: [container({ secrets: [{ name: 'DB' }] })] },
    ['valueFrom'],
  );
  const { cluster: _c, ...noCluster } = svcBase();
  svc('missing field', 'missing/cluster', noCluster, ['cluster']);
  svc('missing field', 'missing/task-definition', { ...svcBase(), taskDefinition: undefined }, [
    'taskDefinition',
  ]);
  svc(
    'missing field',
    'missing/ref-name',
    { ...svcBase(), taskDefinition: undefined, taskDefinitionRef: {} },
    ['name'],
  );
  svc('missing field', 'both/ref-and-arn', { ...svcBase(), taskDefinitionRef: { name: 'x' } }, [
    'taskDefinition',
  ]);

  // Bad enums.
  const tdEnums: [string, Spec, string][] = [
    ['network-mode', { networkMode: 'bridged' }, 'networkMode'],
    ['compat', { requiresCompatibilities: ['LAMBDA'] }, 'requiresCompatibilities'],
    ['pid-mode', { pidMode: 'shared' }, 'pidMode'],
    ['ipc-mode', { ipcMode: 'private' }, 'ipcMode'],
    ['deletion-policy', { deletionPolicy: 'Keep' }, 'deletionPolicy'],
    ['management-policy', { managementPolicy: 'ReadOnly' }, 'managementPolicy'],
    [
      'port-protocol',
      { containerDefinitions: [container({ portMappings: [{ containerPort: 80, protocol: 'icmp' }] })] },
      'protocol',
    ],
  ];
  for (const [id, patch, field] of tdEnums) td('bad enum', `enum/${id}`, { ...tdBase(), ...patch }, [field]);
  const svcEnums: [string, Spec, string][] = [
    ['launch-type', { launchType: 'LAMBDA' }, 'launchType'],
    ['propagate-tags', { propagateTags: 'ALL' }, 'propagateTags'],
    ['scheduling', { schedulingStrategy: 'SPREAD' }, 'schedulingStrategy'],
    ['deletion-policy', { deletionPolicy: 'Remove' }, 'deletionPolicy'],
    ['management-policy', { managementPolicy: 'observe' }, 'managementPolicy'],
  ];
  for (const [id, patch, field] of svcEnums)
    svc('bad enum', `enum/${id}`, { ...svcBase(), ...patch }, [field]);

  // Fargate sizes ECS does not offer.
  const sizes: [string, string][] = [
    ['256', '4096'],
    ['512', '256'],
    ['1024', '512'],
    ['2048', '32768'],
    ['4096', '4096'],
    ['3', '512'],
    ['16384', '1024'],
    ['1000', '2048'],
  ];
  for (const [cpu, memory] of sizes)
    td('invalid Fargate size', `fargate/${cpu}-${memory}`, { ...tdBase(), cpu, memory }, ['cpu', 'memory']);

  // hostPort != containerPort under awsvpc.
  for (const [c, h] of [
    [80, 8080],
    [443, 80],
    [8080, 1],
  ] as const) {
    td(
      'awsvpc hostPort',
      `awsvpc-host-port/${c}-${h}`,
      {
        ...tdBase(),
        containerDefinitions: [container({ portMappings: [{ containerPort: c, hostPort: h }] })],
      },
      ['hostPort'],
    );
  }

  // Duplicates.
  td(
    'duplicate',
    'duplicate/container-names',
    { ...tdBase(), containerDefinitions: [container({}), container({ portMappings: [] })] },
    ['app'],
  );
  td(
    'duplicate',
    'duplicate/env-names',
    {
      ...tdBase(),
      containerDefinitions: [
        container({
          environment: [
            { name: 'A', value: '1' },
            { name: 'A', value: '2' },
          ],
        }),
      ],
    },
    ['environment', 'A'],
  );
  td(
    'duplicate',
    'duplicate/tag-keys',
    {
      ...tdBase(),
      tags: [
        { key: 'team', value: 'a' },
        { key: 'team', value: 'b' },
      ],
    },
    ['tags', 'team'],
  );

  // Oversized values.
  const long = (n: number): string => 'a'.repeat(n);
  td('oversized', 'oversized/family', { ...tdBase(), family: long(256) }, ['family']);
  td(
    'oversized',
    'oversized/container-name',
    { ...tdBase(), containerDefinitions: [container({ name: long(256) })] },
    ['name'],
  );
  td(
    'oversized',
    'oversized/image',
    { ...tdBase(), containerDefinitions: [container({ image: long(1025) })] },
    ['image'],
  );
  td(
    'oversized',
    'oversized/tag-count',
    { ...tdBase(), tags: Array.from({ length: 48 }, (_, i) => ({ key: `k${i}`, value: 'v' })) },
    ['tags'],
  );
  td('oversized', 'oversized/tag-key', { ...tdBase(), tags: [{ key: long(129), value: 'v' }] }, ['key']);
  td('oversized', 'oversized/tag-value', { ...tdBase(), tags: [{ key: 'k', value: long(257) }] }, ['value']);
  td(
    'oversized',
    'oversized/containers',
    {
      ...tdBase(),
      containerDefinitions: Array.from({ length: 11 }, (_, i) =>
        container({ name: `c${i}`, portMappings: [] }),
      ),
    },
    ['containerDefinitions'],
  );
  td(
    'oversized',
    'oversized/env-count',
    {
      ...tdBase(),
      containerDefinitions: [
        container({ environment: Array.from({ length: 501 }, (_, i) => ({ name: `V${i}`, value: 'x' })) }),
      ],
    },
    ['environment'],
  );
  td('oversized', 'oversized/cpu', { ...tdBase(), cpu: '1234567' }, ['cpu']);
  td('oversized', 'oversized/history', { ...tdBase(), revisionHistoryLimit: 101 }, ['revisionHistoryLimit']);
  td(
    'oversized',
    'undersized/container-memory',
    { ...tdBase(), containerDefinitions: [container({ memory: 2 })] },
    ['memory'],
  );
  td(
    'oversized',
    'oversized/role-arn',
    { ...tdBase(), taskRoleArn: `arn:aws:iam::123456789012:role/${long(2048)}` },
    ['taskRoleArn'],
  );
  svc('oversized', 'oversized/service-name', { ...svcBase(), serviceName: long(256) }, ['serviceName']);
  svc('oversized', 'oversized/cluster', { ...svcBase(), cluster: long(2049) }, ['cluster']);
  svc(
    'oversized',
    'oversized/tag-count',
    { ...svcBase(), tags: Array.from({ length: 49 }, (_, i) => ({ key: `k${i}`, value: 'v' })) },
    ['tags'],
  );
  svc('oversized', 'oversized/desired-count', { ...svcBase(), desiredCount: 100_001 }, ['desiredCount']);
  svc('oversized', 'negative/desired-count', { ...svcBase(), desiredCount: -1 }, ['desiredCount']);
  svc('oversized', 'negative/grace', { ...svcBase(), healthCheckGracePeriodSeconds: -5 }, [
    'healthCheckGracePeriodSeconds',
  ]);

  // Hostile strings in names and tags.
  for (const { label, value } of HOSTILE) {
    td('hostile string', `hostile/family/${label}`, { ...tdBase(), family: value }, ['family']);
    td(
      'hostile string',
      `hostile/container-name/${label}`,
      { ...tdBase(), containerDefinitions: [container({ name: value })] },
      ['name'],
    );
    td('hostile string', `hostile/metadata-name/${label}`, tdBase(), ['metadata.name', 'name'], value);
    svc('hostile string', `hostile/service-name/${label}`, { ...svcBase(), serviceName: value }, [
      'serviceName',
    ]);
    td(
      'hostile string',
      `hostile/tag-key/${label}`,
      { ...tdBase(), tags: [{ key: `aws:${value}`, value: 'v' }] },
      ['key', 'reserved'],
    );
  }
  // Kubernetes names that ECS refuses as a service name or family (dots), with the field that would
  // take the name left unset: the API server refuses them, naming metadata.name and the field.
  for (const name of ['web.v2', 'a.b.c', 'v1.2.3-rc']) {
    td('derived name', `metadata-name/${name}`, tdBase(), ['metadata.name', 'spec.family'], name, true);
    svc(
      'derived name',
      `metadata-name/${name}`,
      svcBase(),
      ['metadata.name', 'spec.serviceName'],
      name,
      true,
    );
  }
  td('derived name', 'explicit/family-dot', { ...tdBase(), family: 'web.v2' }, ['family'], undefined, true);
  svc(
    'derived name',
    'explicit/service-name-dot',
    { ...svcBase(), serviceName: 'web.v2' },
    ['serviceName'],
    undefined,
    true,
  );

  // Tag values AWS refuses (ECS allows letters, digits, spaces and + - = . _ : / @).
  for (const { label, value } of HOSTILE.filter((h) => h.label !== 'ten-kb' && h.label !== 'unicode')) {
    td('hostile string', `hostile/tag-value/${label}`, { ...tdBase(), tags: [{ key: 'team', value }] }, [
      'value',
      'team',
      'tag',
    ]);
  }

  // Role ARNs that are not ARNs.
  const roles: [string, string][] = [
    ['bare-name', 'ecsTaskExecutionRole'],
    ['s3-arn', 'arn:aws:s3:::bucket'],
    ['short-account', 'arn:aws:iam::123:role/x'],
    ['path-only', 'role/app'],
    ['shell', '"; rm -rf / #'],
  ];
  for (const [id, value] of roles) {
    td('role ARN not an ARN', `role/execution/${id}`, { ...tdBase(), executionRoleArn: value }, [
      'executionRoleArn',
    ]);
    td('role ARN not an ARN', `role/task/${id}`, { ...tdBase(), taskRoleArn: value }, ['taskRoleArn']);
  }

  // Service references and other rules.
  svc('bad reference', 'task-definition/no-revision', { ...svcBase(), taskDefinition: 'family' }, [
    'taskDefinition',
  ]);
  svc('bad reference', 'task-definition/hostile', { ...svcBase(), taskDefinition: '$(x):1' }, [
    'taskDefinition',
  ]);
  svc('bad reference', 'region/pattern', { ...svcBase(), region: 'mars' }, ['region']);
  svc('bad reference', 'placement/binpack', { ...svcBase(), placementStrategy: [{ type: 'binpack' }] }, [
    'binpack',
    'field',
  ]);
  return out;
}
