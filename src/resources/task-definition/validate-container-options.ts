/**
 * The container options of a task definition that ECS takes as strings and checks only when a task
 * starts: secret references and log configuration. Pure; each problem names the field path, the
 * value and the fix (validate.ts gathers them).
 */
import type { ContainerDefinition, LogConfiguration, Secret } from '@aws-sdk/client-ecs';

/** A Secrets Manager secret ARN, with the optional JSON key, version stage and version id. */
export const SECRETS_MANAGER_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+(:[^:]*){0,3}$/;
const SSM_PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[\w.\-/]+$/;
const SSM_PARAMETER_NAME = /^\/?[\w.-]+(\/[\w.-]+)*$/;
const LOG_DRIVERS_ON_FARGATE = new Set(['awslogs', 'splunk', 'awsfirelens']);
/** Options the awslogs driver (Docker's, plus ECS's stream prefix) understands; a typo fails the task at start. */
const AWSLOGS_OPTIONS = new Set([
  'awslogs-region',
  'awslogs-endpoint',
  'awslogs-group',
  'awslogs-stream',
  'awslogs-stream-prefix',
  'awslogs-create-group',
  'awslogs-create-stream',
  'awslogs-datetime-format',
  'awslogs-multiline-pattern',
  'awslogs-credentials-endpoint',
  'awslogs-force-flush-interval-seconds',
  'awslogs-max-buffered-events',
  'awslogs-format',
  'tag',
  'mode',
  'max-buffer-size',
]);

/** Records one problem: the field path, the value as written, what is wrong and the fix. */
export type Add = (path: string, value: unknown, what: string) => void;

/** Each secret must name a Secrets Manager secret or an SSM parameter (ARN, or a parameter name). */
export function checkSecrets(secrets: readonly Secret[] | undefined, at: string, add: Add): void {
  secrets?.forEach((s, j) => {
    const from = s.valueFrom ?? '';
    if (SECRETS_MANAGER_ARN.test(from) || SSM_PARAMETER_ARN.test(from)) return;
    if (from.startsWith('arn:')) {
      add(
        `${at}[${j}].valueFrom`,
        from,
        'is an ARN but not of a Secrets Manager secret or an SSM parameter: use arn:aws:secretsmanager:<region>:<account-id>:secret:<name> or arn:aws:ssm:<region>:<account-id>:parameter/<name>',
      );
    } else if (!SSM_PARAMETER_NAME.test(from)) {
      add(
        `${at}[${j}].valueFrom`,
        from,
        'is neither a secret ARN nor an SSM parameter name (letters, digits, _ . - and / only): use the full ARN of the secret or parameter',
      );
    }
  });
}

/** The log driver must be one Fargate supports there, and awslogs options must be ones it knows. */
export function checkLogConfiguration(
  log: LogConfiguration,
  at: string,
  task: { fargate: boolean; containers: readonly ContainerDefinition[] },
  add: Add,
): void {
  const driver = log.logDriver ?? '';
  const options = log.options ?? {};
  if (task.fargate && !LOG_DRIVERS_ON_FARGATE.has(driver)) {
    add(
      `${at}.logDriver`,
      driver,
      'Fargate supports only the awslogs, splunk and awsfirelens log drivers: use one of them',
    );
  }
  if (driver === 'awslogs') {
    const required = task.fargate
      ? ['awslogs-group', 'awslogs-region', 'awslogs-stream-prefix']
      : ['awslogs-group', 'awslogs-region'];
    for (const key of required) {
      if ((options[key] ?? '') === '')
        add(
          `${at}.options`,
          undefined,
          `awslogs needs the ${key} option${task.fargate ? ' (on Fargate)' : ''}: add ${key}`,
        );
    }
    for (const key of Object.keys(options)) {
      if (!AWSLOGS_OPTIONS.has(key))
        add(
          `${at}.options.${key}`,
          options[key],
          `is not an awslogs option (the task would fail to start): check the spelling; known options are ${list(AWSLOGS_OPTIONS)}`,
        );
    }
    const create = options['awslogs-create-group'];
    if (create !== undefined && create !== 'true' && create !== 'false')
      add(`${at}.options.awslogs-create-group`, create, 'must be "true" or "false"');
    const mode = options.mode;
    if (mode !== undefined && mode !== 'blocking' && mode !== 'non-blocking')
      add(`${at}.options.mode`, mode, 'must be blocking or non-blocking');
    if (options['max-buffer-size'] !== undefined && mode !== 'non-blocking')
      add(
        `${at}.options.max-buffer-size`,
        options['max-buffer-size'],
        'applies only with mode: non-blocking: set mode or remove it',
      );
  }
  if (driver === 'splunk' && (options['splunk-url'] ?? '') === '')
    add(`${at}.options`, undefined, 'splunk needs the splunk-url option: add it');
  if (driver === 'awsfirelens' && !task.containers.some((c) => c.firelensConfiguration !== undefined)) {
    add(
      `${at}.logDriver`,
      driver,
      'awsfirelens needs a log router container with firelensConfiguration in this task: add one (for example aws-for-fluent-bit)',
    );
  }
  checkSecrets(log.secretOptions, `${at}.secretOptions`, add);
}

/** Names for a message: comma-separated, or `(none)`. */
export function list(names: ReadonlySet<string>): string {
  return names.size === 0 ? '(none)' : [...names].join(', ');
}
