/**
 * EventBridge's input transformer, as the test world plays it: `InputPathsMap` picks values out of
 * the event with JSON paths, `InputTemplate` places them as `<name>`
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 *
 * As documented there: paths use dot notation with dashes, underscores and array indices
 * (`$.detail.object.key`, `$.resources[0]`); a variable inside a JSON string of the template is
 * replaced by the value's text, one outside a string by the value as JSON; the predefined
 * `<aws.events.event>`, `<aws.events.event.json>`, `<aws.events.rule-name>`,
 * `<aws.events.rule-arn>` and `<aws.events.event.ingestion-time>` are known. A path that is not
 * found gives null (the empty text inside a string).
 */
import type { JsonObject, JsonValue } from './event-pattern.js';

/** A target's `InputTransformer` as PutTargets takes it. */
export interface InputTransformerSpec {
  readonly InputPathsMap?: Readonly<Record<string, string>>;
  readonly InputTemplate: string;
}

/** What the predefined variables stand for. */
export interface TransformContext {
  readonly ruleName?: string;
  readonly ruleArn?: string;
}

/** Thrown for a path or template the transformer cannot apply. */
export class InputTransformError extends Error {
  override readonly name = 'InputTransformError';
}

const PATH = /^\$((?:\.[A-Za-z0-9_\-/]+|\[\d+\])*)$/;
const SEGMENT = /\.([A-Za-z0-9_\-/]+)|\[(\d+)\]/g;

/** The value at a JSON path (`$.a.b[0]`) in `document`, or undefined; throws for an unsupported path. */
export function valueAtPath(document: JsonValue, path: string): JsonValue | undefined {
  const match = PATH.exec(path);
  if (match === null) throw new InputTransformError(`unsupported JSON path ${JSON.stringify(path)}`);
  let current: JsonValue | undefined = document;
  for (const segment of (match[1] ?? '').matchAll(SEGMENT)) {
    if (current === undefined || current === null || typeof current !== 'object') return undefined;
    if (segment[1] !== undefined) {
      current = Array.isArray(current) ? undefined : current[segment[1]];
    } else {
      current = Array.isArray(current) ? current[Number(segment[2])] : undefined;
    }
  }
  return current;
}

function insideJsonString(template: string, index: number): boolean {
  let inside = false;
  for (let i = 0; i < index; i++) {
    const char = template[i];
    if (char === '\\' && inside) i++;
    else if (char === '"') inside = !inside;
  }
  return inside;
}

function render(value: JsonValue | undefined, inString: boolean): string {
  if (!inString) return JSON.stringify(value ?? null);
  if (value === undefined || value === null) return '';
  // Inside a string the value's text goes in, escaped so the JSON stays valid.
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text).slice(1, -1);
}

/** Applies `spec` to `event`: the text EventBridge would send to the target. */
export function transformInput(
  spec: InputTransformerSpec,
  event: JsonObject,
  context: TransformContext = {},
): string {
  const values = new Map<string, JsonValue | undefined>();
  for (const [name, path] of Object.entries(spec.InputPathsMap ?? {})) {
    if (name.startsWith('aws.'))
      throw new InputTransformError(`variable ${name}: names starting with aws. are reserved`);
    values.set(name, valueAtPath(event, path));
  }
  const predefined: Record<string, JsonValue | undefined> = {
    'aws.events.event': event,
    'aws.events.event.json': event,
    'aws.events.rule-name': context.ruleName,
    'aws.events.rule-arn': context.ruleArn,
    'aws.events.event.ingestion-time': typeof event.time === 'string' ? event.time : undefined,
  };
  return spec.InputTemplate.replace(/<([A-Za-z0-9_.-]+)>/g, (whole, name: string, offset: number) => {
    if (values.has(name)) return render(values.get(name), insideJsonString(spec.InputTemplate, offset));
    if (name in predefined) return render(predefined[name], insideJsonString(spec.InputTemplate, offset));
    // An unknown <name> is left as text, as EventBridge leaves text it does not recognise.
    return whole;
  });
}
