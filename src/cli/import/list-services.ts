/**
 * ListServices for `import --all`. The operator never lists services, so the narrow `EcsApi` has no
 * such call; this adapter sends ListServices with its own SDK client (same endpoint and credential
 * chain as the rest of the command) until `EcsApi` grows a `listServices` (reported to the AWS edge's
 * owners).
 */
import { ECSClient, ListServicesCommand, type ECSClientConfig } from '@aws-sdk/client-ecs';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS } from '../../aws/call-timeout.js';
import { nameOfArn } from '../../shared/arn.js';

/** Where to list. */
export interface ListServicesOptions {
  readonly region: string;
  readonly endpoint?: string | undefined;
  readonly cluster: string;
  /** The identity to list as (a namespace's role, ADR 0030); the default chain when absent. */
  readonly credentials?: ECSClientConfig['credentials'];
}

/** The names of every service in the cluster (all pages), sorted. */
export async function listServiceNames(options: ListServicesOptions): Promise<string[]> {
  const client = new ECSClient({
    region: options.region,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: DEFAULT_CONNECT_TIMEOUT_MS },
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  try {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListServicesCommand({
          cluster: options.cluster,
          maxResults: 100,
          ...(nextToken === undefined ? {} : { nextToken }),
        }),
        // The operator's read deadline (see call-timeout.ts): a hung page never hangs the command.
        { abortSignal: AbortSignal.timeout(DEFAULT_READ_TIMEOUT_MS) },
      );
      for (const arn of page.serviceArns ?? []) names.push(nameOfArn(arn));
      nextToken = page.nextToken;
    } while (nextToken !== undefined && nextToken !== '');
    return [...new Set(names)].sort();
  } finally {
    client.destroy();
  }
}
