/**
 * Wraps an ECS API so that every write to a service (CreateService, UpdateService, DeleteService,
 * StopServiceDeployment, TagResource and UntagResource on a service ARN) is announced before it is sent and again when it
 * has answered, whatever the outcome. The DescribeServices read-ahead listens, so it never serves
 * an answer read before the operator's own change.
 */
import type { SignalledEcsApi } from './ecs-client.js';
import { serviceOfArn } from '../shared/arn.js';

/** Called with the cluster and service (names or ARNs) a write is about. */
export type ServiceWriteListener = (cluster: string, service: string) => void;

/** `api` with `onWrite` told of every service write, before sending and after the answer. */
export function withServiceWriteHook(api: SignalledEcsApi, onWrite: ServiceWriteListener): SignalledEcsApi {
  const around = async <T>(
    cluster: string | undefined,
    service: string | undefined,
    call: () => Promise<T>,
  ): Promise<T> => {
    const known = service !== undefined && service !== '';
    // The default cluster is `default` when a request names none (ECS's own rule).
    if (known) onWrite(cluster ?? 'default', service);
    try {
      return await call();
    } finally {
      if (known) onWrite(cluster ?? 'default', service);
    }
  };
  const tagged = <T>(arn: string, call: () => Promise<T>): Promise<T> => {
    const target = serviceOfArn(arn);
    return around(target?.cluster, target?.service, call);
  };
  // arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>
  const ofDeployment = (arn: string): { cluster: string | undefined; service: string | undefined } => {
    const [, cluster, service] = /:service-deployment\/([^/]+)\/([^/]+)\//.exec(arn) ?? [];
    return { cluster, service };
  };
  return {
    ...api,
    stopServiceDeployment: (arn, options) => {
      const { cluster, service } = ofDeployment(arn);
      return around(cluster, service, () => api.stopServiceDeployment(arn, options));
    },
    continueServiceDeployment: (arn, hookId, options) => {
      const { cluster, service } = ofDeployment(arn);
      return around(cluster, service, () => api.continueServiceDeployment(arn, hookId, options));
    },
    createService: (input, options) =>
      around(input.cluster, input.serviceName, () => api.createService(input, options)),
    updateService: (input, options) =>
      around(input.cluster, input.service, () => api.updateService(input, options)),
    deleteService: (input, options) =>
      around(input.cluster, input.service, () => api.deleteService(input, options)),
    tagResource: (arn, tags, options) => tagged(arn, () => api.tagResource(arn, tags, options)),
    untagResource: (arn, keys, options) => tagged(arn, () => api.untagResource(arn, keys, options)),
  };
}
