import { describe, expect, it } from 'vitest';
import { errorProblems, loadAnswerModel, shapeProblems } from '../../ecs-model/validate-shape.js';

// The validator that holds the proxy's answers to ECS's output shapes (answer-shapes.test.ts) must
// itself be able to fail: each case breaks one rule of the model.
const model = loadAnswerModel();
const ecs = model.services['ecs']!;
const autoscaling = model.services['application-autoscaling']!;

describe('the answer-shape validator', () => {
  it('accepts an answer ECS could make', () => {
    expect(
      shapeProblems(ecs, 'DescribeServiceDeploymentsResponse', {
        serviceDeployments: [
          {
            serviceDeploymentArn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/c/web/1',
            status: 'IN_PROGRESS',
            lifecycleStage: 'BAKE_TIME',
            createdAt: 1_893_456_000.123,
            targetServiceRevision: { arn: 'x', requestedProductionTrafficWeight: 100 },
            rollback: { reason: 'r', startedAt: 1_893_456_000, serviceRevisionArn: 'y' },
          },
        ],
        failures: [{ arn: 'z', reason: 'MISSING' }],
      }),
    ).toEqual([]);
  });

  it('names a member the shape does not have, at its path', () => {
    expect(shapeProblems(ecs, 'DescribeServicesResponse', { services: [{ deploymentz: [] }] })).toEqual([
      "services[0].deploymentz: ECS's Service has no such member",
    ]);
  });

  it('names a wrong type: string, integer, number, boolean, list, structure, map', () => {
    const problems = shapeProblems(ecs, 'DescribeServicesResponse', {
      services: [
        {
          serviceName: 7,
          desiredCount: 1.5,
          enableExecuteCommand: 'true',
          deployments: {},
          deploymentConfiguration: [],
          tags: 'a=b',
        },
      ],
    });
    expect(problems).toEqual([
      'services[0].serviceName: ECS sends a string',
      'services[0].desiredCount: ECS sends an integer',
      'services[0].enableExecuteCommand: ECS sends a boolean',
      'services[0].deployments: ECS sends a list',
      'services[0].deploymentConfiguration: ECS sends an object (DeploymentConfiguration)',
      'services[0].tags: ECS sends a list',
    ]);
    expect(
      shapeProblems(autoscaling, 'DescribeScalingPoliciesResponse', {
        ScalingPolicies: [{ TargetTrackingScalingPolicyConfiguration: { TargetValue: '50' } }],
      }),
    ).toEqual([
      'ScalingPolicies[0].TargetTrackingScalingPolicyConfiguration.TargetValue: ECS sends a number',
    ]);
  });

  it('holds timestamps to epoch seconds: not an ISO string, not milliseconds', () => {
    expect(
      shapeProblems(ecs, 'DescribeServicesResponse', {
        services: [{ createdAt: '2030-01-01T00:00:00Z' }, { createdAt: 1_893_456_000_000 }],
      }),
    ).toEqual([
      'services[0].createdAt: ECS sends a timestamp as epoch seconds (a number)',
      'services[1].createdAt: 1893456000000 is milliseconds; ECS sends epoch seconds',
    ]);
  });

  it('holds strings to the enum values the model lists', () => {
    expect(
      shapeProblems(ecs, 'ListServiceDeploymentsResponse', {
        serviceDeployments: [{ status: 'ROLLING_BACK' }],
      }),
    ).toEqual([
      "serviceDeployments[0].status: ROLLING_BACK is not one of ECS's PENDING, SUCCESSFUL, STOPPED, STOP_REQUESTED, IN_PROGRESS, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED",
    ]);
  });

  it("takes any JSON in a document member (a hook's hookDetails) and still checks its siblings", () => {
    const hook = (hookDetails: unknown, hookTargetArn: unknown) => ({
      service: { deploymentConfiguration: { lifecycleHooks: [{ hookDetails, hookTargetArn }] } },
    });
    expect(shapeProblems(ecs, 'CreateServiceResponse', hook({ a: [1, 'b'] }, 'arn'))).toEqual([]);
    expect(shapeProblems(ecs, 'CreateServiceResponse', hook(3, 4))).toEqual([
      'service.deploymentConfiguration.lifecycleHooks[0].hookTargetArn: ECS sends a string',
    ]);
  });

  it('refuses null, which ECS never sends for an unset member', () => {
    expect(shapeProblems(ecs, 'DescribeServicesResponse', { services: [{ roleArn: null }] })).toEqual([
      'services[0].roleArn: ECS leaves an unset member out, it does not send null',
    ]);
  });

  it("checks an error's type against the operation's errors and the common ones", () => {
    expect(
      errorProblems(ecs, 'UpdateService', 400, { __type: 'ServiceNotFoundException', message: 'x' }),
    ).toEqual([]);
    expect(
      errorProblems(ecs, 'UpdateService', 400, { __type: 'com.amazonaws.ecs#ClientException', message: 'x' }),
    ).toEqual([]);
    expect(
      errorProblems(ecs, 'DescribeTasks', 400, { __type: 'ThrottlingException', message: 'Rate exceeded' }),
    ).toEqual([]);
    expect(
      errorProblems(ecs, 'DescribeServices', 400, { __type: 'ServiceNotFoundException', message: 'x' }),
    ).toEqual([
      '__type: ServiceNotFoundException is neither an error of DescribeServices (AccessDeniedException, ServerException, InvalidParameterException, ClientException, ClusterNotFoundException) nor a common error',
    ]);
    expect(
      errorProblems(ecs, 'DescribeServices', 503, { __type: 'ServiceUnavailableException', message: 'x' }),
    ).toHaveLength(1);
    expect(errorProblems(ecs, 'UpdateService', 400, { __type: 'ServerException', message: 'x' })).toEqual([
      'HTTP 400: ServerException is a server (5xx) error',
    ]);
    expect(errorProblems(ecs, 'UpdateService', 500, { __type: 'ClientException', message: 'x' })).toEqual([
      'HTTP 500: ClientException is a client (4xx) error',
    ]);
    // Either spelling of the message, as the SDKs read both; still typed.
    expect(errorProblems(ecs, 'UpdateService', 400, { __type: 'ClientException', Message: 'x' })).toEqual([]);
    expect(errorProblems(ecs, 'UpdateService', 400, { __type: 'ClientException', Message: 1 })).toEqual([
      'message: ECS sends a string',
    ]);
    expect(errorProblems(ecs, 'UpdateService', 400, { __type: 'ClientException', message: 3 })).toEqual([
      'message: ECS sends a string',
    ]);
    expect(errorProblems(ecs, 'UpdateService', 200, { __type: 'ClientException' })).toEqual([
      'HTTP 200: an error answer has a 4xx or 5xx status',
    ]);
    expect(errorProblems(ecs, 'UpdateService', 400, { message: 'x' })).toEqual([
      '__type: an error answer names its type',
    ]);
    expect(
      errorProblems(autoscaling, 'PutScalingPolicy', 400, {
        __type: 'ObjectNotFoundException',
        Message: 'x',
      }),
    ).toEqual([]);
  });
});
