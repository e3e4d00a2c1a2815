// Loads schemas/experiment.schema.json (the one source of truth for spec shape and defaults) and its ajv validators.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';

/** The subset of JSON Schema the experiment schema uses. */
export interface JsonSchema {
  description?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  minLength?: number;
  pattern?: string;
  patternErrorMessage?: string;
  $defs?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}

/** The keys of a run's configuration that the spec's top level holds, in schema order. */
export const SECTION_NAMES = ['corpus', 'model', 'train', 'generation'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export const SCHEMA_FILE = join('schemas', 'experiment.schema.json');

function findSchemaFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, SCHEMA_FILE))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`rnnlab: cannot find ${SCHEMA_FILE} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return join(dir, SCHEMA_FILE);
}

let cachedSchema: JsonSchema | undefined;

/** The experiment schema as parsed JSON (read once). */
export function experimentSchema(): JsonSchema {
  cachedSchema ??= JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as JsonSchema;
  return cachedSchema;
}

export interface SchemaValidators {
  /** The whole experiment file (after --set overrides, before defaults). */
  spec: ValidateFunction;
  /** One expanded run's sections {corpus, model, train, generation} (before defaults). */
  run: ValidateFunction;
}

let cachedValidators: SchemaValidators | undefined;

export function schemaValidators(): SchemaValidators {
  if (cachedValidators) return cachedValidators;
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, allowUnionTypes: true });
  // VS Code's annotation for a readable pattern error; rnnlab shows it too.
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  const schema = experimentSchema();
  const sections = Object.fromEntries(SECTION_NAMES.map((name) => [name, schema.properties![name]]));
  cachedValidators = {
    spec: ajv.compile(schema),
    run: ajv.compile({ type: 'object', additionalProperties: false, properties: sections }),
  };
  return cachedValidators;
}

/** The schema of the value at a path of property names (e.g. ['model', 'type']), or undefined if none. */
export function schemaAtPath(path: readonly string[], root: JsonSchema = experimentSchema()): JsonSchema | undefined {
  let current: JsonSchema | undefined = root;
  for (const segment of path) {
    current = current?.properties && Object.hasOwn(current.properties, segment) ? current.properties[segment] : undefined;
    if (!current) return undefined;
  }
  return current;
}

/** Every dotted path a sweep or override may target inside the run sections (`corpus.validation.rule`, …). */
export function sweepablePaths(root: JsonSchema = experimentSchema()): string[] {
  const paths: string[] = [];
  const walk = (schema: JsonSchema, prefix: string) => {
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      const path = `${prefix}.${key}`;
      paths.push(path);
      walk(child, path);
    }
  };
  for (const section of SECTION_NAMES) walk(root.properties![section], section);
  return paths;
}
