/**
 * A stateful stand-in for moto's ECS services, for the rollout simulator's tests: it answers
 * RegisterTaskDefinition, DescribeTaskDefinition, CreateService, UpdateService, DescribeServices
 * and DeleteService with documents shaped like moto 5.2's (seen on the wire), and behaves as moto
 * does (see `moto/ecs/models.py`): one PRIMARY deployment IN_PROGRESS at creation with nothing
 * running, no new deployment on UpdateService (forceNewDeployment only changes the id), running =
 * desired once desiredCount is updated, the task definition stored as the request gave it, and
 * deletes straight to INACTIVE. `POST /moto-api/reset` forgets everything.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isJsonObject, tryParseJson, type JsonObject, type JsonValue } from './json.js';

/** A running fake; `requests` lists the ECS actions it answered, in order. */
export interface FakeMotoEcs {
  readonly url: string;
  readonly requests: { action: string; params: JsonObject }[];
  close(): Promise<void>;
}

const REGION_ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012';

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

class EcsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Starts the fake on a free loopback port. */
export async function startFakeMotoEcs(): Promise<FakeMotoEcs> {
  let revisions = new Map<string, number>();
  let services = new Map<string, JsonObject>();
  let nextId = 1;
  const requests: { action: string; params: JsonObject }[] = [];
  const now = () => Date.now() / 1000;

  const taskDefinitionArn = (ref: string): string => {
    const name = ref.startsWith('arn:') ? ref.slice(ref.indexOf('/') + 1) : ref;
    const [family = '', revision] = name.split(':');
    const latest = revisions.get(family);
    const wanted = revision === undefined ? latest : Number(revision);
    if (latest === undefined || wanted === undefined || wanted > latest) {
      throw new EcsError('ClientException', 'Unable to describe task definition.');
    }
    return `${REGION_ACCOUNT}:task-definition/${family}:${wanted}`;
  };
  const clusterOf = (params: JsonObject) => {
    const cluster = typeof params.cluster === 'string' ? params.cluster : 'default';
    return cluster.slice(cluster.lastIndexOf('/') + 1);
  };
  const serviceOf = (params: JsonObject, nameField: string): JsonObject => {
    const name = text(params[nameField]);
    const service = services.get(`${clusterOf(params)}:${name.slice(name.lastIndexOf('/') + 1)}`);
    if (service === undefined) throw new EcsError('ServiceNotFoundException', 'Service not found.');
    return service;
  };

  function answer(action: string, params: JsonObject): JsonValue {
    switch (action) {
      case 'RegisterTaskDefinition': {
        const family = text(params.family);
        const revision = (revisions.get(family) ?? 0) + 1;
        revisions.set(family, revision);
        return {
          taskDefinition: {
            taskDefinitionArn: `${REGION_ACCOUNT}:task-definition/${family}:${revision}`,
            family,
            revision,
            status: 'ACTIVE',
          },
        };
      }
      case 'DescribeTaskDefinition':
        return { taskDefinition: { taskDefinitionArn: taskDefinitionArn(text(params.taskDefinition)) } };
      case 'CreateService': {
        const cluster = clusterOf(params);
        const name = text(params.serviceName);
        const desired = typeof params.desiredCount === 'number' ? params.desiredCount : 0;
        const taskDefinition = taskDefinitionArn(text(params.taskDefinition));
        const controller = isJsonObject(params.deploymentController)
          ? params.deploymentController
          : { type: 'ECS' };
        const id = `ecs-svc/${String(nextId++).padStart(17, '9')}`;
        const service: JsonObject = {
          serviceArn: `${REGION_ACCOUNT}:service/${cluster}/${name}`,
          serviceName: name,
          clusterArn: `${REGION_ACCOUNT}:cluster/${cluster}`,
          loadBalancers: params.loadBalancers ?? [],
          serviceRegistries: [],
          status: 'ACTIVE',
          desiredCount: desired,
          runningCount: 0,
          pendingCount: desired,
          launchType: 'EC2',
          taskDefinition,
          taskSets: [],
          deployments:
            controller.type === 'ECS'
              ? [
                  {
                    id,
                    status: 'PRIMARY',
                    taskDefinition,
                    desiredCount: desired,
                    pendingCount: desired,
                    runningCount: 0,
                    failedTasks: 0,
                    createdAt: now(),
                    updatedAt: now(),
                    launchType: 'EC2',
                    platformFamily: 'EC2',
                    rolloutState: 'IN_PROGRESS',
                    rolloutStateReason: `ECS deployment ${id} in progress.`,
                  },
                ]
              : [],
          events: [],
          networkConfiguration: params.networkConfiguration ?? {},
          schedulingStrategy: 'REPLICA',
          deploymentController: controller,
          tags: [],
          propagateTags: 'NONE',
        };
        services.set(`${cluster}:${name}`, service);
        return { service };
      }
      case 'UpdateService': {
        const service = serviceOf(params, 'service');
        if (typeof params.taskDefinition === 'string') {
          taskDefinitionArn(params.taskDefinition);
          service.taskDefinition = params.taskDefinition;
        }
        if (typeof params.desiredCount === 'number') {
          service.desiredCount = params.desiredCount;
          service.runningCount = params.desiredCount;
          service.pendingCount = 0;
        }
        if (params.networkConfiguration !== undefined)
          service.networkConfiguration = params.networkConfiguration;
        const [first] = Array.isArray(service.deployments) ? service.deployments : [];
        if (params.forceNewDeployment === true && isJsonObject(first)) {
          first.id = `ecs-svc/${String(nextId++).padStart(17, '9')}`;
        }
        return { service };
      }
      case 'DescribeServices': {
        const found: JsonObject[] = [];
        const failures: JsonObject[] = [];
        for (const name of Array.isArray(params.services) ? params.services : []) {
          try {
            found.push(serviceOf({ ...params, service: name }, 'service'));
          } catch {
            failures.push({ arn: `${REGION_ACCOUNT}:service/${text(name)}`, reason: 'MISSING' });
          }
        }
        return { services: found, failures };
      }
      case 'DeleteService': {
        const service = serviceOf(params, 'service');
        if ((service.desiredCount as number) > 0 && params.force !== true) {
          throw new EcsError(
            'InvalidParameterException',
            'The service cannot be stopped while it is scaled above 0.',
          );
        }
        service.status = 'INACTIVE';
        service.pendingCount = 0;
        return { service };
      }
      default:
        return {};
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: JsonValue) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'fake-1' });
        res.end(JSON.stringify(body));
      };
      if ((req.url ?? '').startsWith('/moto-api/reset')) {
        revisions = new Map();
        services = new Map();
        reply(200, { status: 'ok' });
        return;
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = target.slice(target.lastIndexOf('.') + 1);
      const parsed = tryParseJson(Buffer.concat(chunks).toString('utf8'));
      const params = isJsonObject(parsed) ? parsed : {};
      requests.push({ action, params });
      try {
        // Deep copies: the fake's state must not change under an answer already sent.
        reply(200, structuredClone(answer(action, params)));
      } catch (error) {
        const { code, message } =
          error instanceof EcsError ? error : { code: 'ServerException', message: String(error) };
        reply(400, { __type: code, message });
      }
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
