/**
 * JSON value types shared by the proxy: request bodies in the call log, scripted responses and
 * response patches all travel as plain JSON between processes.
 */

/** Any value `JSON.parse` can return. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object (not an array, not null). */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a JSON object: a non-null, non-array object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON text, or returns `undefined` when the text is not JSON (never throws). */
export function tryParseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
