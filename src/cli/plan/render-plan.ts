/**
 * The text form of a plan, in the spirit of `terraform plan`: per object a headline with a symbol
 * (`+` create, `~` change, `=` nothing, `!` cannot apply), then each AWS write the operator would
 * make with its field changes as `path: old → new`, then notes; a summary line at the end. Pure:
 * colour comes in as a {@link Style}.
 */
import { formatValue, type FieldChange } from '../field-diff.js';
import type { Style } from '../terminal.js';
import { countVerdicts, type PlanEntry, type PlanVerdict } from './plan-model.js';

const HEADLINE: Readonly<Record<PlanVerdict, { symbol: string; text: string }>> = {
  create: { symbol: '+', text: 'will be created' },
  register: { symbol: '~', text: 'will register a new revision' },
  update: { symbol: '~', text: 'will be updated' },
  adopt: { symbol: '~', text: 'will be adopted as it is (no write)' },
  wait: { symbol: '~', text: 'will be created again once ECS reports the old service INACTIVE' },
  nothing: { symbol: '=', text: 'no changes' },
  refuse: { symbol: '!', text: 'refused' },
  conflict: { symbol: '!', text: 'conflict' },
  invalid: { symbol: '!', text: 'invalid' },
  error: { symbol: '!', text: 'cannot be planned' },
};

function colourOf(verdict: PlanVerdict, style: Style): (s: string) => string {
  switch (verdict) {
    case 'create':
      return style.green;
    case 'register':
    case 'update':
    case 'wait':
      return style.yellow;
    case 'adopt':
      return style.cyan;
    case 'nothing':
      return style.dim;
    case 'refuse':
    case 'conflict':
    case 'invalid':
    case 'error':
      return style.red;
  }
}

/** One field change as a line: `path: old → new`, `+ path: new`, `- path: old`. */
export function renderChange(change: FieldChange, style: Style): string {
  const hasBefore = 'before' in change;
  const hasAfter = 'after' in change;
  if (hasBefore && hasAfter) {
    return `${change.path}: ${style.red(formatValue(change.before))} → ${style.green(formatValue(change.after))}`;
  }
  if (hasAfter) return style.green(`+ ${change.path}: ${formatValue(change.after)}`);
  return style.red(`- ${change.path}: ${formatValue(change.before)}`);
}

/** The lines of one entry. */
export function renderEntry(entry: PlanEntry, style: Style): string[] {
  const head = HEADLINE[entry.verdict];
  const colour = colourOf(entry.verdict, style);
  const title = `${colour(head.symbol)} ${style.bold(`${entry.kind} ${entry.namespace}/${entry.name}`)} ${colour(head.text)}`;
  if (entry.verdict === 'nothing' && entry.notes.length === 0) {
    return [`${title} ${style.dim(`(${entry.summary})`)}`];
  }
  const lines = [
    title,
    `    ${style.dim(`${entry.target} · ${entry.region || 'no region'} · ${entry.source}`)}`,
  ];
  if (entry.operations.length === 0 || head.symbol === '!') lines.push(`    ${colour(entry.summary)}`);
  for (const op of entry.operations) {
    const opColour = op.symbol === '+' ? style.green : op.symbol === '-' ? style.red : style.yellow;
    lines.push(`    ${opColour(`${op.symbol} ${op.call}`)}: ${op.title}`);
    for (const c of op.changes) lines.push(`        ${renderChange(c, style)}`);
  }
  for (const note of entry.notes) lines.push(`    ${style.dim(`note: ${note}`)}`);
  return lines;
}

/** The closing summary line. */
export function renderSummary(entries: readonly PlanEntry[], style: Style): string {
  const c = countVerdicts(entries);
  const parts = [
    `${c.create} to create`,
    `${c.register} new revision${c.register === 1 ? '' : 's'}`,
    `${c.update + c.wait} to update`,
    `${c.adopt} to adopt`,
    `${c.nothing} unchanged`,
  ];
  const problems = [
    c.refuse > 0 ? `${c.refuse} refused` : undefined,
    c.conflict > 0 ? `${c.conflict} in conflict` : undefined,
    c.invalid > 0 ? `${c.invalid} invalid` : undefined,
    c.error > 0 ? `${c.error} not planned (errors)` : undefined,
  ].filter((s): s is string => s !== undefined);
  const changes = c.create + c.register + c.update + c.wait;
  const line = `${style.bold('Plan:')} ${parts.join(', ')}.${problems.length > 0 ? ` ${style.red(problems.join(', '))}.` : ''}`;
  if (problems.length > 0) return line;
  if (changes === 0) {
    const adopt = c.adopt > 0 ? ' (adoption writes nothing)' : '';
    return `${line}\n${style.green(`No changes: AWS matches the manifests${adopt}.`)}`;
  }
  return line;
}

/** The whole text plan. */
export function renderPlan(entries: readonly PlanEntry[], style: Style): string {
  if (entries.length === 0) return 'No EcsTaskDefinition or EcsService objects in the given manifests.\n';
  const blocks = entries.map((e) => renderEntry(e, style).join('\n'));
  return `${blocks.join('\n\n')}\n\n${renderSummary(entries, style)}\n`;
}
