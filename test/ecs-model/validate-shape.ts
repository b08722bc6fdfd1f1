/**
 * Checks a JSON document against an output shape of the vendored ECS model: every member is one
 * the shape has, with the model's type (timestamps as epoch seconds, as the JSON protocol sends
 * them) and enum values. Used to hold the test world's answers to what ECS could answer. Pure.
 */
import type { EcsModel } from './coverage.js';

/** Problems found in `value` read as the model's shape `shapeName`, with dotted paths. */
export function shapeProblems(model: EcsModel, shapeName: string, value: unknown, path = ''): string[] {
  const shape = model.shapes[shapeName];
  if (shape === undefined) return [`${path}: shape ${shapeName} is not in the vendored model`];
  const at = path === '' ? '(root)' : path;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${at}: ECS sends an object (${shapeName})`];
      const problems: string[] = [];
      for (const [key, member] of Object.entries(value)) {
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
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${at}: ECS sends a map`];
      return Object.entries(value).flatMap(([k, v]) =>
        shape.value === undefined ? [] : shapeProblems(model, shape.value.shape, v, `${path}{${k}}`),
      );
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
    case 'timestamp':
      return typeof value === 'number' ? [] : [`${at}: ECS sends a number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: ECS sends a boolean`];
    default:
      return [];
  }
}
