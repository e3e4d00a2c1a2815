// Reads an experiment file into validated, fully resolved runs: YAML → --set → schema → grid → each run checked.
import { closeSync, openSync, readSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { applyOverrides, OVERRIDE_OPTION } from './apply-overrides.js';
import { canonicalJson } from './canonical-json.js';
import { parse } from 'yaml';
import { checkClaims, type OtherExperimentGrid } from './check-claims.js';
import { findExperimentFile } from './find-experiment-file.js';
import type { PointWithValues } from './pair-claim-points.js';
import { readClaimSpecs, type ClaimSpec } from './claim-spec.js';
import { checkSweeps } from './check-sweeps.js';
import { countSweepRuns, DEFAULT_MAX_RUNS } from './count-sweep-runs.js';
import { expandGrid, zipGroups, type GridPoint } from './expand-grid.js';
import { experimentSchema, schemaValidators, SECTION_NAMES, sweepablePaths } from './experiment-schema.js';
import { fillDefaults } from './fill-defaults.js';
import { formatFlow } from './format-value.js';
import { parseYamlWithPositions } from './parse-yaml-with-positions.js';
import { resolveRunConfig, type FilledSections } from './resolve-run-config.js';
import type { RunConfig } from './run-config.js';
import { runSemanticIssues } from './run-semantic-issues.js';
import { readSeedRule, ruleSeeds, type SeedRule } from './seed-rule.js';
import { schemaIssues } from './schema-issues.js';
import { SpecError } from './spec-error.js';
import { toPointer, type SpecLocation, type SpecProblem } from './spec-problem.js';
import { UserError } from './user-error.js';

/** One run of the grid. Its id also depends on the corpus's contents, so it is computed once the corpus is identified
 *  (runner/identify-runs.ts); validating a file needs no corpus. */
export interface ExpandedRun {
  config: RunConfig;
  /** The grid and zip keys (dotted) → the value this run takes, as written; and "seed" → its seed. */
  params: Record<string, unknown>;
  /** 0-based index of the run's grid point (runs of one point differ only by seed). */
  gridPoint: number;
}

export interface Experiment {
  name: string;
  description: string | null;
  /** The file path as given. */
  path: string;
  /** The file's text as written (before --set overrides). */
  specText: string;
  /** Every run: grid points in expansion order (the last grid key varies fastest), seeds within each. */
  runs: ExpandedRun[];
  /** The swept dotted paths: grid keys in file order, then zip keys (without "seed"). */
  gridKeys: string[];
  /** The seeds every grid point runs; with a seed rule, those of round 1. */
  seeds: number[];
  /** `seeds` as a rule (rounds, seeds until decided), or null when `seeds` is a list. */
  seedRule: SeedRule | null;
  /** With a seed rule: every run the rule may ever train (each grid point with seeds first … first + max − 1), in
   *  the order of `runs`; `runs` are those of round 1. [] without a rule. */
  ruleRuns: ExpandedRun[];
  gridPointCount: number;
  /** The --set overrides applied, as given. */
  overrides: string[];
  /** The hypotheses the file declares (claims:), checked against its grid. */
  claims: ClaimSpec[];
}

type Path = (string | number)[];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => String(segment) === String(path[i]));
}

function hasPath(data: unknown, path: readonly string[]): boolean {
  let current = data;
  for (const segment of path) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return false;
    current = current[segment];
  }
  return true;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let parent = target;
  for (const segment of path.slice(0, -1)) {
    if (!isPlainObject(parent[segment])) parent[segment] = {};
    parent = parent[segment] as Record<string, unknown>;
  }
  parent[path[path.length - 1]] = structuredClone(value);
}

/** Experiment files are a few kilobytes; anything far larger is not one (and reading /dev/zero would never end). */
const MAX_SPEC_BYTES = 1_000_000;

function readSpecText(path: string): string {
  let fd: number | undefined;
  try {
    // Read in chunks up to the limit: a pipe (<(…)) still works, /dev/zero or a huge file is refused, not swallowed.
    fd = openSync(path, 'r');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(65536);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > MAX_SPEC_BYTES) {
        throw new UserError(`${path}: more than ${MAX_SPEC_BYTES} bytes, too large for an experiment file`);
      }
      chunks.push(chunk.subarray(0, read));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new UserError(`${path}: cannot read the experiment file (${reason})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** 12000 as is, 1.2e+40 in exponent form. */
function formatCount(count: number): string {
  return count < 1e15 ? String(count) : count.toExponential(1);
}

function gridPointLabel(point: GridPoint): string {
  return `{${point.assignments.map((a) => `${a.path}: ${formatFlow(a.value)}`).join(', ')}}`;
}

/** Problems found in expanded runs, merged across grid points so one bad value is one line. */
class GridPointProblems {
  private readonly byKey = new Map<string, { problem: SpecProblem; labels: string[] }>();
  add(problem: SpecProblem, label: string | undefined): void {
    const where = 'option' in problem.location ? problem.location.option : `${problem.location.line}:${problem.location.col}`;
    const key = `${where}\u0000${problem.pointer}\u0000${problem.message}`;
    const entry = this.byKey.get(key) ?? { problem, labels: [] };
    if (label !== undefined) entry.labels.push(label);
    this.byKey.set(key, entry);
  }
  list(): SpecProblem[] {
    return [...this.byKey.values()].map(({ problem, labels }) => {
      if (labels.length === 0) return problem;
      const more = labels.length > 1 ? ` and ${labels.length - 1} other${labels.length > 2 ? 's' : ''}` : '';
      return { ...problem, message: `${problem.message} (grid point ${labels[0]}${more})` };
    });
  }
}

/** The grid of the experiment `name` declared by a file beside `path` (experiment files of one folder compare with
 *  each other), or why it cannot be read. */
function readOtherGrid(path: string, name: string): OtherExperimentGrid {
  const folder = dirname(path);
  const file = findExperimentFile(folder, name);
  if (file === null) return { problem: `no experiment file in ${folder} declares experiment "${name}"` };
  try {
    const other = loadExperiment(file, [], { claimsAcross: false });
    const seen = new Map<number, PointWithValues>();
    for (const run of other.runs) {
      if (!seen.has(run.gridPoint)) seen.set(run.gridPoint, { values: Object.fromEntries(other.gridKeys.map((key) => [key, run.params[key]])) });
    }
    const zip = (parse(other.specText) as { zip?: unknown } | null)?.zip;
    return { points: [...seen.values()], gridKeys: other.gridKeys, zipKeyGroups: zipGroups(zip).map(({ group }) => Object.keys(group)) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { problem: `${file} (experiment "${name}") does not load: ${error.message.split('\n')[0]}` };
  }
}

/**
 * Loads, overrides, validates and expands one experiment file. Every problem found (syntax, schema, sweep
 * structure, each grid point's values and cross-field rules) is reported at once in one UserError, formatted by
 * a SpecError with file positions; values that came from `--set` are located at `--set`.
 */
export function loadExperiment(
  path: string,
  overrides: string[] = [],
  limits: { maxRuns?: number; /** Check claims against other experiments' files (off when loading one of those). */ claimsAcross?: boolean } = {},
): Experiment {
  const maxRuns = limits.maxRuns ?? DEFAULT_MAX_RUNS;
  const specText = readSpecText(path);
  const parsed = parseYamlWithPositions(specText);
  const fail = (problems: SpecProblem[]) => new SpecError(path, problems);
  if (parsed.problems.length > 0) throw fail(parsed.problems);
  if (!isPlainObject(parsed.data)) {
    const got = parsed.data === null ? 'an empty file' : JSON.stringify(parsed.data).slice(0, 40);
    throw fail([{ location: { line: 1, col: 1 }, pointer: '/', message: `must be a mapping with at least a name; got ${got}` }]);
  }
  const applied = applyOverrides(parsed.data, overrides);
  const problems: SpecProblem[] = [...applied.problems];
  const locate = (where: Path, at: 'value' | 'key'): SpecLocation =>
    applied.setPaths.some((set) => startsWith(where, set))
      ? { option: OVERRIDE_OPTION }
      : parsed.locate(where, { key: at === 'key' });
  const problemAt = (where: Path, at: 'value' | 'key', pointerPath: Path, message: string): SpecProblem => ({
    location: locate(where, at),
    pointer: toPointer(pointerPath),
    message,
  });

  const validators = schemaValidators();
  const data = applied.data as Record<string, unknown>;
  validators.spec(data);
  const specIssues = schemaIssues(validators.spec.errors);
  for (const issue of specIssues) {
    problems.push(problemAt(issue.path, issue.at, issue.at === 'key' ? issue.path.slice(0, -1) : issue.path, issue.message));
  }
  const brokenTop = new Set(specIssues.map((i) => i.path[0]));
  const grid = data.grid as Record<string, unknown[]> | undefined;
  let sweepsOk = !brokenTop.has('grid') && !brokenTop.has('zip');
  if (sweepsOk) {
    const sweepIssues = checkSweeps(grid, data.zip);
    for (const issue of sweepIssues) problems.push(problemAt(issue.path, issue.at, issue.pointerPath, issue.message));
    sweepsOk = !sweepIssues.some((i) => i.blocksExpansion);
  }
  const sectionsAreMappings = SECTION_NAMES.every((s) => data[s] === undefined || isPlainObject(data[s]));
  const schema = experimentSchema();
  const seedRule = brokenTop.has('seeds') ? null : readSeedRule(data.seeds);
  const seeds = (
    brokenTop.has('seeds') ? [] : seedRule !== null ? ruleSeeds(seedRule, seedRule.start) : (data.seeds ?? schema.properties!.seeds.default)
  ) as number[];
  // With a rule, the runs the rule may ever train count against the limit: the last round may need them all.
  const seedsAtMost = seedRule !== null ? ruleSeeds(seedRule, Math.max(seedRule.start, seedRule.max)) : seeds;
  const runs: ExpandedRun[] = [];
  const ruleRuns: ExpandedRun[] = [];
  const knownPaths = new Set(sweepablePaths());
  if (sweepsOk && sectionsAreMappings) {
    // Counted before anything is built: a grid of 40 keys × 10 values is 10^40 runs, which would fill the heap.
    const count = countSweepRuns(grid, data.zip, seedsAtMost.length, (p) => knownPaths.has(p));
    if (count.runs > maxRuns) {
      const where: Path = grid !== undefined && Object.keys(grid).length > 0 ? ['grid'] : ['zip'];
      const product = [...count.factors, Math.max(1, seedsAtMost.length)].join(' × ');
      problems.push(
        problemAt(
          where,
          'value',
          where,
          `the sweep expands to ${formatCount(count.runs)} runs (${product}: grid points × seeds), more than the limit of ` +
            `${maxRuns}; sweep fewer values, or raise the limit with RNNLAB_MAX_RUNS=N if you mean it`,
        ),
      );
      sweepsOk = false;
    }
  }
  const points = sweepsOk && sectionsAreMappings ? expandGrid(grid, data.zip, (p) => knownPaths.has(p)) : [];
  const gridKeys = points.length > 0 ? points[0].assignments.map((a) => a.path) : [];
  const specDir = dirname(resolve(path));
  const gridProblems = new GridPointProblems();
  const firstPointOfConfig = new Map<string, GridPoint>();

  for (const point of points) {
    const raw: Record<string, unknown> = {};
    for (const section of SECTION_NAMES) if (data[section] !== undefined) raw[section] = structuredClone(data[section]);
    for (const a of point.assignments) setPath(raw, a.path.split('.'), a.value);
    const label = point.assignments.length > 0 ? gridPointLabel(point) : undefined;
    // Where a value of this run is written: inside the grid/zip list item that set it, else in the base config.
    const sourceOf = (runPath: readonly string[]): { where: Path; swept: boolean } => {
      const a = point.assignments.find((x) => startsWith(runPath, x.path.split('.')));
      return a ? { where: [...a.source, ...runPath.slice(a.path.split('.').length)], swept: true } : { where: [...runPath], swept: false };
    };

    validators.run(raw);
    const runIssues = schemaIssues(validators.run.errors);
    for (const issue of runIssues) {
      const source = sourceOf(issue.path);
      // Base values were checked (and reported) with the whole file; only values from this grid point are new.
      if (!source.swept) continue;
      const pointerPath = issue.at === 'key' ? source.where.slice(0, -1) : source.where;
      gridProblems.add(problemAt(source.where, issue.at, pointerPath, issue.message), label);
    }

    const filled = Object.fromEntries(
      SECTION_NAMES.map((s) => [s, fillDefaults(schema.properties![s], raw[s] ?? {})]),
    ) as unknown as FilledSections;
    // Cross-field rules are checked even when other values of the run are bad (all problems at once), but not
    // on values the schema already refused: a rule about a value of the wrong type would only add noise.
    const refused = runIssues.map((i) => i.path);
    const related = (a: readonly string[], b: readonly string[]) => startsWith(a, b) || startsWith(b, a);
    const semantic = runSemanticIssues(raw, resolveRunConfig(filled, seeds[0] ?? 0, specDir)).filter(
      (issue) => !issue.paths.some((p) => refused.some((r) => related(p, r))),
    );
    for (const issue of semantic) {
      const sources = issue.paths.map(sourceOf);
      const chosen =
        sources.find((s) => s.swept) ??
        sources.find((s) => hasPath(data, s.where as string[]) || applied.setPaths.some((set) => startsWith(s.where, set))) ??
        sources[0];
      const swept = sources.some((s) => s.swept);
      gridProblems.add(problemAt(chosen.where, 'value', chosen.where, issue.message), swept ? label : undefined);
    }
    if (runIssues.length > 0 || semantic.length > 0) continue;

    const configKey = canonicalJson(resolveRunConfig(filled, 0, specDir));
    const twin = firstPointOfConfig.get(configKey);
    if (twin !== undefined) {
      const differing = point.assignments.find((a, i) => canonicalJson(a.value) !== canonicalJson(twin.assignments[i]?.value));
      const where = differing?.source ?? [point.assignments[0]?.source[0] ?? 'grid'];
      gridProblems.add(
        problemAt(where, 'value', where, `grid points ${gridPointLabel(twin)} and ${gridPointLabel(point)} give the same run configuration`),
        undefined,
      );
      continue;
    }
    firstPointOfConfig.set(configKey, point);
    for (const seed of seedsAtMost) {
      const config = resolveRunConfig(filled, seed, specDir);
      const params: Record<string, unknown> = {};
      for (const a of point.assignments) params[a.path] = structuredClone(a.value);
      params.seed = seed;
      const run = { config, params, gridPoint: point.index };
      if (seeds.includes(seed)) runs.push(run);
      if (seedRule !== null) ruleRuns.push(run);
    }
  }
  problems.push(...gridProblems.list());
  // Claims the schema refused are reported as such; the others are still checked against the grid.
  const refusedClaims = new Set(specIssues.filter((issue) => issue.path[0] === 'claims').map((issue) => Number(issue.path[1])));
  const claims = Array.isArray(data.claims) ? readClaimSpecs(data.claims).filter((claim) => !refusedClaims.has(claim.index)) : [];
  if (sweepsOk && sectionsAreMappings) {
    const pointValues = points.map((point) => ({ values: Object.fromEntries(point.assignments.map((a) => [a.path, a.value])) }));
    const zipKeys = zipGroups(data.zip).map(({ group }) => Object.keys(group));
    const checked = limits.claimsAcross === false ? claims.filter((claim) => claim.against === null) : claims;
    for (const issue of checkClaims(checked, pointValues, gridKeys, zipKeys, (name) => readOtherGrid(path, name))) {
      problems.push(problemAt(issue.path, issue.at, issue.at === 'key' ? issue.path.slice(0, -1) : issue.path, issue.message));
    }
  }
  if (seedRule !== null) {
    if (seedRule.max < seedRule.start) {
      problems.push(problemAt(['seeds', 'max'], 'value', ['seeds', 'max'], `must be at least start (${seedRule.start}); got ${seedRule.max}`));
    }
    if (!brokenTop.has('claims') && !claims.some((claim) => claim.primary)) {
      problems.push(
        problemAt(
          ['seeds'],
          'value',
          ['seeds'],
          'a seed rule adds seeds until the primary claims are decided, and this experiment declares none: add a claim ' +
            '(claims:, primary by default) or list the seeds',
        ),
      );
    }
  }
  if (problems.length > 0) throw fail(problems);
  return {
    name: data.name as string,
    description: (data.description as string | null | undefined) ?? null,
    path,
    specText,
    runs,
    gridKeys,
    seeds,
    seedRule,
    ruleRuns,
    gridPointCount: points.length,
    overrides: [...overrides],
    claims,
  };
}
