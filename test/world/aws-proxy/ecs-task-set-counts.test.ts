import { describe, expect, it } from 'vitest';
import { loadAnswerModel, shapeProblems } from '../../ecs-model/validate-shape.js';
import { fillTaskSetCounts } from './ecs-task-set-counts.js';
import type { JsonObject } from './json.js';

/** A task set as moto 5.2 lists it in DescribeServices (no counts). */
function motoSet(id: string, over: JsonObject = {}): JsonObject {
  return {
    id,
    taskSetArn: `arn:aws:ecs:us-east-1:123456789012:task-set/c/s/${id}`,
    status: 'PRIMARY',
    taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
    scale: { value: 100.0, unit: 'PERCENT' },
    stabilityStatus: 'STEADY_STATE',
    ...over,
  };
}

function answer(desiredCount: number, taskSets: JsonObject[]): JsonObject {
  return {
    services: [
      {
        serviceName: 's',
        desiredCount,
        deploymentController: { type: 'EXTERNAL' },
        deployments: [],
        taskSets,
      },
    ],
    failures: [],
  };
}

function setsOf(doc: unknown): JsonObject[] {
  return (doc as { services: { taskSets: JsonObject[] }[] }).services[0]?.taskSets ?? [];
}

describe('fillTaskSetCounts', () => {
  it('fills a steady task set: computed from the scale, rounded up, all running', () => {
    const out = fillTaskSetCounts(answer(3, [motoSet('a', { scale: { value: 50, unit: 'PERCENT' } })]));
    expect(setsOf(out)[0]).toMatchObject({ computedDesiredCount: 2, runningCount: 2, pendingCount: 0 });
  });

  it('leaves a task set that is not steady with none running and all pending', () => {
    const out = fillTaskSetCounts(answer(2, [motoSet('a', { stabilityStatus: 'STABILIZING' })]));
    expect(setsOf(out)[0]).toMatchObject({ computedDesiredCount: 2, runningCount: 0, pendingCount: 2 });
  });

  it('keeps counts already in the answer (a patch rule wins)', () => {
    const given = motoSet('a', { computedDesiredCount: 4, runningCount: 1, pendingCount: 3 });
    expect(fillTaskSetCounts(answer(4, [given]))).toBeUndefined();
  });

  it('changes nothing for a service without task sets', () => {
    expect(fillTaskSetCounts(answer(2, []))).toBeUndefined();
    expect(fillTaskSetCounts({ services: [{ serviceName: 's', deployments: [] }] })).toBeUndefined();
    expect(fillTaskSetCounts({ failures: [] })).toBeUndefined();
  });

  it('makes an answer that fits the AWS model of DescribeServices', () => {
    const model = loadAnswerModel().services.ecs;
    if (model === undefined) throw new Error('the answer model has no ecs service');
    const output = model.operations.DescribeServices?.output ?? 'no output shape';
    const out = fillTaskSetCounts(answer(2, [motoSet('a'), motoSet('b', { status: 'ACTIVE' })]));
    expect(setsOf(out)).toHaveLength(2);
    expect(shapeProblems(model, output, out)).toEqual([]);
  });
});
