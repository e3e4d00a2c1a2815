// Turns ajv's validation errors into readable issues: which value, and a message quoting what was received.
import type { ErrorObject } from 'ajv/dist/2020.js';
import { closestKey } from './closest-key.js';
import { experimentSchema, SECTION_NAMES } from './experiment-schema.js';
import type { JsonSchema } from './experiment-schema.js';
import { formatReceived } from './format-value.js';
import { fromPointer } from './spec-problem.js';

/**
 * One schema violation. `path` leads to the offending value; for an unknown key it ends with the key itself and
 * `at` is 'key' (the key is what should be pointed at, the pointer shown is its parent mapping).
 */
export interface SchemaIssue {
  path: string[];
  at: 'value' | 'key';
  message: string;
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
};

function joinAlternatives(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** `unknown key "num_unrol" (did you mean "num_unroll"?)`, or where the key belongs if it is in another section. */
export function unknownKeyMessage(key: string, allowed: string[], parentPath: readonly string[]): string {
  const suggestion = closestKey(key, allowed);
  if (suggestion !== undefined) return `unknown key "${key}" (did you mean "${suggestion}"?)`;
  const schema = experimentSchema();
  if (parentPath.length <= 1) {
    const home = SECTION_NAMES.find((s) => s !== parentPath[0] && Object.hasOwn(schema.properties![s].properties!, key));
    if (home !== undefined) return `unknown key "${key}" (it belongs under ${home})`;
  }
  return `unknown key "${key}"`;
}

function describe(error: ErrorObject, path: string[]): SchemaIssue {
  const params = error.params as Record<string, unknown>;
  const got = `got ${formatReceived(error.data)}`;
  const parentSchema = (error.parentSchema ?? {}) as JsonSchema;
  const issue = (message: string, at: SchemaIssue['at'] = 'value', where = path): SchemaIssue => ({
    path: where,
    at,
    message,
  });
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return issue(unknownKeyMessage(key, Object.keys(parentSchema.properties ?? {}), path), 'key', [...path, key]);
    }
    case 'required':
      return issue(`missing required key "${String(params.missingProperty)}"`);
    case 'type': {
      // JSON Schema numbers are finite: a YAML .nan or .inf is refused as "not a number".
      if (typeof error.data === 'number' && !Number.isFinite(error.data)) return issue(`must be a finite number; ${got}`);
      const types = String(params.type).split(',');
      return issue(`must be ${joinAlternatives(types.map((t) => TYPE_NAMES[t] ?? t))}; ${got}`);
    }
    case 'enum':
      return issue(`must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}; ${got}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return issue(`must be ${String(params.comparison)} ${String(params.limit)}; ${got}`);
    case 'minItems':
      return issue(
        params.limit === 1 ? `must not be an empty list` : `must have at least ${String(params.limit)} items; ${got}`,
      );
    case 'minProperties':
      return issue(params.limit === 1 ? `must not be an empty mapping` : `must have at least ${String(params.limit)} keys`);
    case 'minLength':
      return issue(params.limit === 1 ? `must not be empty` : `must be at least ${String(params.limit)} characters; ${got}`);
    case 'maxLength':
      return issue(`must be at most ${String(params.limit)} characters; ${got}`);
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const earlier = Math.min(Number(params.i), Number(params.j));
      const value = (error.data as unknown[])[later];
      return issue(`duplicate value ${formatReceived(value)} (same as item ${earlier})`, 'value', [...path, String(later)]);
    }
    case 'pattern':
      return issue(`${parentSchema.patternErrorMessage ?? `must match ${String(params.pattern)}`}; ${got}`);
    default:
      return issue(`${error.message ?? 'is not valid'}; ${got}`);
  }
}

/** The issues ajv reports for the data it last validated (its `errors`), in a stable order. */
export function schemaIssues(errors: readonly ErrorObject[] | null | undefined): SchemaIssue[] {
  return (errors ?? []).map((error) => describe(error, fromPointer(error.instancePath)));
}
