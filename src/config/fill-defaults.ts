// Fills every missing property that has a default in the schema, recursively, without touching the input.
import type { JsonSchema } from './experiment-schema.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A copy of `value` with schema defaults filled in: a missing property takes its `default` (copied), then
 * mappings are filled in turn (so `corpus: {}` gets every corpus default). Properties without a default stay
 * missing. The value is assumed to have passed validation.
 */
export function fillDefaults(schema: JsonSchema, value: unknown): unknown {
  if (!isPlainObject(value) || !schema.properties) return structuredClone(value);
  const filled: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(schema.properties)) {
    if (Object.hasOwn(value, key)) filled[key] = fillDefaults(child, value[key]);
    else if (child.default !== undefined) filled[key] = fillDefaults(child, structuredClone(child.default));
  }
  return filled;
}
