/**
 * The schedule expressions EventBridge accepts, checked before any AWS call (pure):
 * `rate(value unit)`, `cron(minutes hours day-of-month month day-of-week year)` and, for Scheduler
 * only, `at(yyyy-mm-ddThh:mm:ss)`
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
 * Each message names the expression and the fix.
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.*)\)$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

// Per field: the characters and words EventBridge's cron grammar allows.
const CRON_FIELDS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'minutes', pattern: /^[0-9,\-*/]+$/ },
  { name: 'hours', pattern: /^[0-9,\-*/]+$/ },
  { name: 'day-of-month', pattern: /^([0-9,\-*?/LW]+)$/ },
  { name: 'month', pattern: /^([0-9,\-*/]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)+$/i },
  { name: 'day-of-week', pattern: /^([0-9,\-*?/L#]|SUN|MON|TUE|WED|THU|FRI|SAT)+$/i },
  { name: 'year', pattern: /^[0-9,\-*/]+$/ },
];

const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  minutes: [0, 59],
  hours: [0, 23],
  'day-of-month': [1, 31],
  month: [1, 12],
  'day-of-week': [1, 7],
  year: [1970, 2199],
};

function cronProblem(body: string, expression: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6)
    return `${expression} has ${fields.length} fields; EventBridge's cron has 6: minutes hours day-of-month month day-of-week year, e.g. cron(0 3 * * ? *)`;
  for (const [i, field] of fields.entries()) {
    const spec = CRON_FIELDS[i];
    if (spec === undefined) continue;
    if (!spec.pattern.test(field)) return `${expression}: the ${spec.name} field "${field}" is not valid`;
    const range = RANGES[spec.name];
    for (const number of field.match(/\d+/g) ?? []) {
      // Step values (after '/') and weekday ordinals (after '#') are counts, not field values.
      const index = field.indexOf(number);
      const before = field[index - 1];
      if (before === '/' || before === '#') continue;
      if (range !== undefined && (Number(number) < range[0] || Number(number) > range[1]))
        return `${expression}: the ${spec.name} field value ${number} is outside ${range[0]}-${range[1]}`;
    }
  }
  const [, , dayOfMonth, , dayOfWeek] = fields;
  // EventBridge requires one of day-of-month and day-of-week to be '?', and not both.
  if ((dayOfMonth === '?') === (dayOfWeek === '?'))
    return `${expression}: exactly one of day-of-month ("${dayOfMonth}") and day-of-week ("${dayOfWeek}") must be "?", e.g. cron(0 3 * * ? *)`;
  return undefined;
}

/** What is wrong with `expression` for a rule (`rule`) or a Scheduler schedule (`scheduler`), or undefined. */
export function scheduleExpressionProblem(
  expression: string,
  service: 'rule' | 'scheduler',
): string | undefined {
  const rate = RATE.exec(expression);
  if (rate !== null) {
    const value = Number(rate[1]);
    const unit = rate[2] ?? '';
    if (value <= 0) return `${expression}: the rate must be a positive whole number`;
    // EventBridge wants the singular unit for 1 and the plural otherwise.
    if ((value === 1) !== !unit.endsWith('s'))
      return `${expression}: write "${value} ${value === 1 ? unit.replace(/s$/, '') : `${unit.replace(/s$/, '')}s`}"`;
    return undefined;
  }
  const cron = CRON.exec(expression);
  if (cron !== null) return cronProblem(cron[1] ?? '', expression);
  const at = AT.exec(expression);
  if (at !== null) {
    if (service === 'rule')
      return `${expression}: at() is for schedules only; an event rule takes rate() or cron()`;
    const [, y, mo, d, h, mi, s] = at.map(Number);
    const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0));
    if (
      date.getUTCMonth() + 1 !== mo ||
      date.getUTCDate() !== d ||
      (h ?? 0) > 23 ||
      (mi ?? 0) > 59 ||
      (s ?? 0) > 59
    )
      return `${expression}: not a valid date and time`;
    return undefined;
  }
  return `${JSON.stringify(expression)} is not a schedule expression: use rate(5 minutes), cron(0 3 * * ? *)${service === 'scheduler' ? ' or at(2030-01-01T03:00:00)' : ''}`;
}
