/**
 * Checks a JSON document against an output or error shape of a vendored AWS model: every member is
 * one the shape has, with the model's type (timestamps as epoch seconds, as the JSON 1.1 protocol
 * sends them), enum values where the model lists them, map keys included. Used to hold the test
 * world's answers to what ECS (and Application Auto Scaling) could answer. Pure.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModelShape } from './coverage.js';

/** The part of a model the validator reads: shapes by name. */
export interface ShapeModel {
  readonly shapes: Readonly<Record<string, AnswerShape>>;
}

/** A shape as the validator reads it: botocore's `document` marks a free-form JSON value. */
export interface AnswerShape extends ModelShape {
  readonly document?: boolean;
  readonly exception?: boolean;
  /** A server-side error (5xx); without it an error is the caller's (4xx). */
  readonly fault?: boolean;
}

/** One operation of the answer model: its output shape and the errors the model lists for it. */
export interface AnswerOperation {
  readonly input: string;
  readonly output: string;
  readonly errors: readonly string[];
}

/** One service of the answer model (test/ecs-model/answer-shapes.json). */
export interface ServiceAnswerModel extends ShapeModel {
  readonly apiVersion: string;
  readonly operations: Readonly<Record<string, AnswerOperation>>;
}

/** The vendored output and error shapes of the operations the test world's proxy answers. */
export interface AnswerModel {
  readonly botocoreVersion: string;
  readonly services: Readonly<Record<string, ServiceAnswerModel>>;
}

/** Reads test/ecs-model/answer-shapes.json (written by scripts/refresh-answer-shapes.py). */
export function loadAnswerModel(): AnswerModel {
  const path = fileURLToPath(new URL('./answer-shapes.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as AnswerModel;
}

/**
 * The errors any AWS JSON API may answer besides an operation's own, from "Common Errors"
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html, the same list in
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/CommonErrors.html).
 */
export const COMMON_ERRORS: readonly string[] = [
  'AccessDeniedException',
  'IncompleteSignature',
  'InternalFailure',
  'InvalidAction',
  'InvalidClientTokenId',
  'NotAuthorized',
  'OptInRequired',
  'RequestExpired',
  'ServiceUnavailable',
  'ThrottlingException',
  'ValidationError',
];

// A later epoch-seconds value than this (year 5138) is milliseconds sent as seconds.
const LATEST_EPOCH_SECONDS = 1e11;

/** Problems found in `value` read as the model's shape `shapeName`, with dotted paths. */
export function shapeProblems(model: ShapeModel, shapeName: string, value: unknown, path = ''): string[] {
  const shape = model.shapes[shapeName];
  if (shape === undefined) return [`${path}: shape ${shapeName} is not in the vendored model`];
  const at = path === '' ? '(root)' : path;
  // JSON 1.1 leaves an unset member out; the SDKs read null as absent, but ECS does not send it.
  if (value === null) return [`${at}: ECS leaves an unset member out, it does not send null`];
  // A document member (a lifecycle hook's hookDetails) holds any JSON value the caller gave.
  if (shape.document === true) return [];
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value))
        return [`${at}: ECS sends an object (${shapeName})`];
      const problems: string[] = [];
      for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
        const ref = shape.members?.[key];
        if (ref === undefined) problems.push(`${path}.${key}: ECS's ${shapeName} has no such member`);
        else problems.push(...shapeProblems(model, ref.shape, member, path === '' ? key : `${path}.${key}`));
      }
      return problems;
    }
    case 'list':
      if (!Array.isArray(value)) return [`${at}: ECS sends a list`];
      return value.flatMap((item, i) =>
        shape.member === undefined ? [] : shapeProblems(model, shape.member.shape, item, `${path}[${i}]`),
      );
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: ECS sends a map`];
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
        ...(shape.key === undefined ? [] : shapeProblems(model, shape.key.shape, k, `${path}{key ${k}}`)),
        ...(shape.value === undefined ? [] : shapeProblems(model, shape.value.shape, v, `${path}{${k}}`)),
      ]);
    case 'string':
      if (typeof value !== 'string') return [`${at}: ECS sends a string`];
      return shape.enum !== undefined && !shape.enum.includes(value)
        ? [`${at}: ${value} is not one of ECS's ${shape.enum.join(', ')}`]
        : [];
    case 'integer':
    case 'long':
      return Number.isInteger(value) ? [] : [`${at}: ECS sends an integer`];
    case 'double':
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? [] : [`${at}: ECS sends a number`];
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return [`${at}: ECS sends a timestamp as epoch seconds (a number)`];
      return value > LATEST_EPOCH_SECONDS ? [`${at}: ${value} is milliseconds; ECS sends epoch seconds`] : [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: ECS sends a boolean`];
    default:
      return [`${at}: model type ${shape.type} is not checked; teach validate-shape.ts`];
  }
}

/**
 * The SDKs read an error's message under either spelling (`message` or `Message`; moto answers
 * ECS's errors with `Message`), so the check reads it under the one the model has.
 */
function messageAsModeled(
  shape: AnswerShape | undefined,
  body: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const modeled = ['message', 'Message'].find((m) => shape?.members?.[m] !== undefined);
  const other = modeled === 'message' ? 'Message' : 'message';
  if (modeled === undefined || !(other in body) || modeled in body) return { ...body };
  const { [other]: text, ...rest } = body;
  return { ...rest, [modeled]: text };
}

/**
 * Problems of a JSON 1.1 error answer to `operation`: `__type` (with or without the `namespace#`
 * prefix) must be one of the operation's modeled errors or a common error; the other members of a
 * modeled error must fit its shape; a common error carries a `message` string (`Message` too, as
 * some services spell it).
 */
export function errorProblems(
  model: ServiceAnswerModel,
  operation: string,
  status: number,
  body: unknown,
): string[] {
  const op = model.operations[operation];
  if (op === undefined) return [`${operation}: not in the vendored answer model`];
  if (status < 400) return [`HTTP ${status}: an error answer has a 4xx or 5xx status`];
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return ['(root): an error answer is a JSON object'];
  const { __type: type, ...rest } = body as Record<string, unknown>;
  if (typeof type !== 'string') return ['__type: an error answer names its type'];
  const code = type.slice(type.indexOf('#') + 1);
  if (op.errors.includes(code)) {
    const shape = model.shapes[code];
    const server = shape?.fault === true;
    const statusProblems =
      server === status >= 500
        ? []
        : [`HTTP ${status}: ${code} is a ${server ? 'server (5xx)' : 'client (4xx)'} error`];
    return [...statusProblems, ...shapeProblems(model, code, messageAsModeled(shape, rest))];
  }
  if (!COMMON_ERRORS.includes(code))
    return [
      `__type: ${code} is neither an error of ${operation} (${op.errors.join(', ')}) nor a common error`,
    ];
  const problems: string[] = [];
  for (const [key, v] of Object.entries(rest)) {
    if (key !== 'message' && key !== 'Message') problems.push(`.${key}: a common error has only a message`);
    else if (typeof v !== 'string') problems.push(`${key}: ECS sends a string`);
  }
  return problems;
}
