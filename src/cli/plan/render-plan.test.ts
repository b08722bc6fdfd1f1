import { describe, expect, it } from 'vitest';
import { planExitCode, planReport, verdictEffect, type PlanEntry, type PlanVerdict } from './plan-model.js';
import { renderChange, renderEntry, renderPlan, renderSummary } from './render-plan.js';
import { createStyle, stripAnsi } from '../terminal.js';

const plain = createStyle(false);

function entry(verdict: PlanVerdict, fields: Partial<PlanEntry> = {}): PlanEntry {
  return {
    kind: 'EcsService',
    namespace: 'shop',
    name: 'web',
    source: 'web.yaml#1',
    region: 'us-east-1',
    target: 'ECS service web in cluster demo',
    verdict,
    summary: `summary of ${verdict}`,
    operations: [],
    notes: [],
    ...fields,
  };
}

describe('renderChange', () => {
  it.each([
    { change: { path: 'desiredCount', before: 1, after: 3 }, text: 'desiredCount: 1 → 3' },
    { change: { path: 'image', before: 'a:1', after: 'a:2' }, text: 'image: "a:1" → "a:2"' },
    { change: { path: 'cpu', after: '256' }, text: '+ cpu: "256"' },
    { change: { path: 'tags.team', before: 'a' }, text: '- tags.team: "a"' },
  ])('$text', ({ change, text }) => {
    expect(renderChange(change, plain)).toBe(text);
  });
});

describe('renderEntry', () => {
  it('shows an update with its call, title and old → new values', () => {
    const lines = renderEntry(
      entry('update', {
        operations: [
          {
            call: 'UpdateService',
            symbol: '~',
            title: 'update in place (no new deployment)',
            changes: [{ path: 'desiredCount', before: 1, after: 3 }],
          },
        ],
        notes: ['a note'],
      }),
      plain,
    );
    expect(lines).toEqual([
      '~ EcsService shop/web will be updated',
      '    ECS service web in cluster demo · us-east-1 · web.yaml#1',
      '    ~ UpdateService: update in place (no new deployment)',
      '        desiredCount: 1 → 3',
      '    note: a note',
    ]);
  });

  it('keeps an unchanged object to one line', () => {
    expect(renderEntry(entry('nothing'), plain)).toEqual([
      '= EcsService shop/web no changes (summary of nothing)',
    ]);
  });

  it.each<PlanVerdict>(['refuse', 'conflict', 'invalid', 'error'])('shows the reason of %s', (verdict) => {
    const lines = renderEntry(entry(verdict), plain);
    expect(lines[0]).toMatch(/^! EcsService shop\/web /);
    expect(lines).toContain(`    summary of ${verdict}`);
  });

  it('colours only when the style does', () => {
    const coloured = renderEntry(entry('create'), createStyle(true)).join('\n');
    expect(coloured).toContain('\u001b[');
    expect(stripAnsi(coloured)).toBe(renderEntry(entry('create'), plain).join('\n'));
  });
});

describe('renderSummary and exit codes', () => {
  it.each<{ verdicts: PlanVerdict[]; code: 0 | 1 | 2; text: string }>([
    { verdicts: [], code: 0, text: 'No changes' },
    {
      verdicts: ['nothing', 'adopt'],
      code: 0,
      text: 'No changes: AWS matches the manifests (adoption writes nothing).',
    },
    { verdicts: ['nothing', 'create'], code: 2, text: '1 to create' },
    { verdicts: ['register', 'update', 'wait'], code: 2, text: '1 new revision, 2 to update' },
    { verdicts: ['create', 'refuse'], code: 1, text: '1 refused' },
    {
      verdicts: ['conflict', 'invalid', 'error'],
      code: 1,
      text: '1 in conflict, 1 invalid, 1 not planned (errors)',
    },
  ])('$verdicts → exit $code', ({ verdicts, code, text }) => {
    const entries = verdicts.map((v) => entry(v));
    expect(planExitCode(entries)).toBe(code);
    expect(planReport(entries).exitCode).toBe(code);
    expect(renderSummary(entries, plain)).toContain(text);
  });

  it('counts adoption as no change, refusals as errors', () => {
    expect(verdictEffect('adopt')).toBe('none');
    expect(verdictEffect('wait')).toBe('change');
    expect(verdictEffect('refuse')).toBe('error');
  });

  it('reports changes and errors in the JSON document', () => {
    const report = planReport(
      [entry('create'), entry('nothing')],
      [{ source: 'ns.yaml#1', kind: 'v1/Namespace' }],
    );
    expect(report).toMatchObject({
      format: 'ecs-bridge.dev/plan/v1',
      changes: true,
      errors: false,
      exitCode: 2,
      counts: { create: 1, nothing: 1, update: 0 },
      skipped: [{ source: 'ns.yaml#1', kind: 'v1/Namespace' }],
    });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('says when there is nothing to plan', () => {
    expect(renderPlan([], plain)).toContain('No EcsTaskDefinition or EcsService objects');
  });
});
