/**
 * The Cloud Map namespaces the Service Connect examples name (`serviceConnectConfiguration.namespace`
 * given by name), made in moto's Cloud Map as HTTP namespaces (the kind Service Connect needs at
 * least), so the examples stand on what a real account would have. The project has no Cloud Map
 * client: these are the two JSON 1.1 calls, straight to the emulator. Idempotent: a namespace that
 * exists by that name is left alone (moto, like Cloud Map with a new CreatorRequestId, would
 * otherwise make a second one).
 */

/** What an example service says about Service Connect, as far as the fixture reads it. */
interface ServiceConnectSpec {
  readonly serviceConnectConfiguration?: { readonly namespace?: string };
}

/** The namespace names (not ARNs) that the EcsServices in `specs` name, sorted, each once. */
export function namespacesNamed(specs: readonly ServiceConnectSpec[]): string[] {
  const names = specs.flatMap((s) => s.serviceConnectConfiguration?.namespace ?? []);
  return [...new Set(names.filter((n) => n !== '' && !n.startsWith('arn:')))].sort();
}

async function cloudMap(
  endpoint: string,
  region: string,
  action: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Route53AutoNaming_v20170314.${action}`,
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/servicediscovery/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`Cloud Map ${action} in ${region} answered HTTP ${res.status}: ${text}`);
  return JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>;
}

/** Creates in moto (at `endpoint`), in `region`, an HTTP namespace per name that does not exist yet. */
export async function createCloudMapNamespaces(
  endpoint: string,
  region: string,
  names: readonly string[],
): Promise<void> {
  if (names.length === 0) return;
  const listed = await cloudMap(endpoint, region, 'ListNamespaces', {});
  const existing = new Set(
    ((listed['Namespaces'] ?? []) as { Name?: string }[]).flatMap((n) => n.Name ?? []),
  );
  for (const name of names) {
    if (existing.has(name)) continue;
    await cloudMap(endpoint, region, 'CreateHttpNamespace', {
      Name: name,
      CreatorRequestId: `ecs-bridge-examples-${name}`,
      Description: 'Service Connect namespace of the ecs-bridge examples',
    });
  }
}
