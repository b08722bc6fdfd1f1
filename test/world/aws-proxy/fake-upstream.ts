/**
 * A tiny stand-in for moto in the proxy's own tests: answers a handful of ECS, Application Auto
 * Scaling and ELBv2 calls with fixed, valid documents and remembers every request it saw, so a
 * test can tell what reached the upstream and what the proxy answered itself.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake upstream received it. */
export interface UpstreamRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A running fake upstream. */
export interface FakeUpstream {
  readonly url: string;
  readonly requests: UpstreamRequest[];
  close(): Promise<void>;
}

const ELB_NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

/** The ECS services every DescribeServices answer holds, in this order. */
export const FAKE_SERVICES = [
  {
    serviceName: 'web',
    status: 'ACTIVE',
    desiredCount: 3,
    runningCount: 3,
    deployments: [{ id: 'd-web-1', status: 'PRIMARY' }],
  },
  {
    serviceName: 'api',
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 2,
    deployments: [{ id: 'd-api-1', status: 'PRIMARY' }],
  },
];

function answerFor(request: UpstreamRequest): { status: number; type: string; body: string } {
  const json = (status: number, body: unknown) => ({
    status,
    type: 'application/x-amz-json-1.1',
    body: JSON.stringify(body),
  });
  if (request.url.startsWith('/moto-api/')) return { status: 200, type: 'text/plain', body: 'reset' };
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') {
    const action = target.slice(target.lastIndexOf('.') + 1);
    switch (action) {
      case 'DescribeServices':
        return json(200, { services: FAKE_SERVICES, failures: [] });
      case 'CreateCluster':
        return json(200, {
          cluster: { clusterName: 'c', clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/c' },
        });
      case 'DeleteService':
        return json(400, { __type: 'ServiceNotFoundException', message: 'Service not found.' });
      case 'DescribeScalableTargets':
        return json(200, { ScalableTargets: [] });
      default:
        return json(200, {});
    }
  }
  const action = new URLSearchParams(request.body).get('Action') ?? 'Unknown';
  return {
    status: 200,
    type: 'text/xml',
    body: `<${action}Response xmlns="${ELB_NS}"><${action}Result><LoadBalancers/></${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** Starts the fake upstream on a free loopback port. */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  const requests: UpstreamRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(request);
      const answer = answerFor(request);
      res.writeHead(answer.status, { 'content-type': answer.type, 'x-amzn-requestid': 'upstream-1' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
