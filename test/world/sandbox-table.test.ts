import { describe, expect, it } from 'vitest';
import { renderTable, rowOf, type ListedItem } from './sandbox-table.js';

const cond = (type: string, status: string, reason: string) => ({
  type,
  status,
  reason,
  message: `${reason}!`,
});

describe('sandbox table', () => {
  it("shows the account of an object's ARNs", () => {
    const row = rowOf({
      kind: 'EcsService',
      metadata: { name: 'web', namespace: 'team-a', generation: 2 },
      status: {
        observedGeneration: 2,
        desiredCount: 1,
        runningCount: 1,
        serviceArn: 'arn:aws:ecs:us-east-1:111111111111:service/web/web',
        conditions: [cond('Ready', 'True', 'Converged')],
      },
    });
    expect(row).toMatchObject({ progress: '1/1', account: '111111111111', ready: 'True' });
  });

  it("shows a policy's role account once assumed, and RoleAssumed while it is not", () => {
    const policy = (status: ListedItem['status'], roleArn?: string): ListedItem => ({
      kind: 'EcsAccessPolicy',
      metadata: { name: 'team-b', generation: 1 },
      spec: roleArn === undefined ? {} : { roleArn },
      status: { observedGeneration: 1, ...status },
    });
    const role = 'arn:aws:iam::222222222222:role/ecs-bridge-team-b';
    const enforced = cond('Ready', 'True', 'Enforced');
    expect(
      rowOf(
        policy(
          {
            namespaces: 'team-b',
            account: '222222222222',
            conditions: [enforced, cond('RoleAssumed', 'True', 'Assumed')],
          },
          role,
        ),
      ),
    ).toMatchObject({
      namespace: '',
      progress: 'team-b',
      account: '222222222222',
      ready: 'True',
      reason: 'Assumed',
    });
    expect(
      rowOf(policy({ conditions: [enforced, cond('RoleAssumed', 'False', 'AssumeRoleFailed')] }, role)),
    ).toMatchObject({ account: '-', ready: 'False', reason: 'AssumeRoleFailed' });
    // Enforced but not yet probed: not Ready, so `--once` waits for the role.
    expect(rowOf(policy({ conditions: [enforced] }, role))).toMatchObject({ ready: 'Unknown' });
    expect(rowOf(policy({ namespaces: '', conditions: [enforced] }))).toMatchObject({
      progress: '-',
      account: 'own',
      ready: 'True',
    });
  });

  it('renders the ACCOUNT column and a cluster-scoped name without a namespace', () => {
    const table = renderTable(
      [
        {
          kind: 'EcsAccessPolicy',
          namespace: '',
          name: 'platform',
          progress: 'default',
          rollout: '',
          account: 'own',
          ready: 'True',
          reason: 'Enforced',
          message: '',
        },
      ],
      { color: false },
    );
    expect(table.split('\n')[0]).toContain('ACCOUNT');
    expect(table.split('\n')[1]).toMatch(/^EcsAccessPolicy\s+platform\s+default\s+own\s+True\s+Enforced$/);
  });
});
