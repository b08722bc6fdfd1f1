// The import rules of src/, one block per layer, mirroring the folder READMEs (src/*/README.md):
// a wrong-layer import fails `npm run lint`. Tests and test doubles beside the code may reach
// further; production files may not. eslint.layers.test.ts proves each block refuses what it must.

/** Files these rules do not apply to: tests and test support beside the code. */
const notProduction = ['src/**/*.test.ts', 'src/**/testing/**'];

/**
 * A `no-restricted-imports` block for `files`.
 * @param {string[]} files
 * @param {Array<{ group: string[], message: string, allowTypeImports?: boolean }>} patterns
 */
function layer(files, patterns) {
  return {
    files,
    ignores: notProduction,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  };
}

const sdk = { group: ['@aws-sdk/*'], message: 'only src/aws builds AWS SDK clients' };
const kubeClient = {
  group: ['@kubernetes/client-node'],
  message: 'only src/k8s (and the CLI) talk to the Kubernetes client',
};
const composition = {
  group: ['**/operator.js', '**/operator-*.js', '**/wiring.js', '**/cli/*', '**/cli/**'],
  message: 'the composition root and the CLI import the layers, never the other way round',
};

/** What every kind under src/resources must not import. */
const resources = [
  kubeClient,
  { ...sdk, allowTypeImports: true, message: 'kinds reach AWS through the narrow interfaces of src/aws' },
  composition,
];

export default [
  layer(
    ['src/shared/**/*.ts'],
    [
      {
        group: [
          '**/controller/**',
          '**/aws/**',
          '**/k8s/**',
          '**/resources/**',
          '**/observability/**',
          '**/config.js',
          '**/config-checks.js',
          ...composition.group,
        ],
        message: 'src/shared holds building blocks that import no other folder of src/',
      },
      sdk,
      kubeClient,
    ],
  ),
  layer(
    ['src/controller/**/*.ts'],
    [
      {
        group: ['**/aws/*', '**/resources/**'],
        message: 'src/controller knows nothing of ECS, AWS or our kinds',
      },
      sdk,
      { ...kubeClient, message: 'src/controller is generic: the Kubernetes edge is src/k8s' },
      composition,
    ],
  ),
  layer(
    ['src/aws/**/*.ts'],
    [
      {
        group: ['**/resources/**', '**/controller/*', '**/k8s/*'],
        message: 'src/aws is a thin edge: it knows nothing of our kinds, the work queue or Kubernetes',
      },
      {
        group: ['prom-client', '**/observability/logger.js'],
        message: 'metrics leave src/aws through AwsCallObserver; errors leave unlogged for the caller',
      },
      kubeClient,
      composition,
    ],
  ),
  layer(
    ['src/k8s/**/*.ts'],
    [
      { group: ['**/aws/*', '**/resources/**'], message: 'src/k8s must not know ECS or AWS' },
      sdk,
      {
        group: ['**/controller/*'],
        allowTypeImports: true,
        message: 'src/k8s may import from src/controller only, as types, the interfaces it implements',
      },
      composition,
    ],
  ),
  layer(['src/resources/**/*.ts'], resources),
  // A later block replaces an earlier one's rule for the same files, so each kind repeats the
  // rules of src/resources and adds its own.
  layer(
    ['src/resources/service/**/*.ts'],
    [
      ...resources,
      {
        group: ['**/task-definition/*', '**/resources/autoscaling/*', '../autoscaling/*'],
        message:
          'the service reconciler does not import another kind: autoscaling plugs in through ServiceAutoscaling',
      },
    ],
  ),
  layer(
    ['src/resources/task-definition/**/*.ts'],
    [
      ...resources,
      {
        group: ['**/resources/service/*', '../service/*', '**/resources/autoscaling/*', '../autoscaling/*'],
        message:
          'task definitions do not import the service reconciler: revisions in use arrive through a seam',
      },
    ],
  ),
  layer(
    ['src/resources/autoscaling/**/*.ts'],
    [
      ...resources,
      {
        group: ['../service/*', '!../service/types.js', '!../service/ports.js', '**/task-definition/*'],
        message: "autoscaling imports only the service's types and port",
      },
    ],
  ),
  layer(
    ['src/resources/task-template/**/*.ts'],
    [
      ...resources,
      {
        group: ['../*/*', '!../task-template/*', '**/resources/*/*'],
        message: 'the task template is shared by kinds and imports none of them',
      },
    ],
  ),
  layer(
    ['src/resources/task-trigger/**/*.ts'],
    [
      ...resources,
      {
        group: [
          '../service/*',
          '../task-definition/*',
          '../cluster/*',
          '../autoscaling/*',
          '../task-run/*',
          '../access-policy/*',
        ],
        message: 'the trigger imports only the shared task template; other kinds arrive through its ports',
      },
    ],
  ),
  layer(
    ['src/cli/**/*.ts'],
    [
      {
        group: ['**/resources/*/reconciler.js', '**/resources/*/apply.js'],
        message: 'the CLI decides with the pure functions of src/resources, never a reconciler or an apply',
      },
    ],
  ),
];
