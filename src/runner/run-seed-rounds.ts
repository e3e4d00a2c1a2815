// "Seeds until decided": trains an experiment with a seed rule in rounds, each a sweep, looking at the primary
// claims after each round and adding seeds only where one is still undecided.
import type { ClaimSpec } from '../config/claim-spec.js';
import { pairClaimPoints } from '../config/pair-claim-points.js';
import type { SeedRule } from '../config/seed-rule.js';
import { ruleSeeds } from '../config/seed-rule.js';
import { openStore } from '../store/results-store.js';
import { lookAtClaims, type ClaimLook, type ClaimValues, type SeedValue } from './look-at-claims.js';
import { planSeedRound, type ClaimPoints } from './plan-seed-round.js';
import { runSweep, type SweepExperiment, type SweepOptions, type SweepResult } from './run-sweep.js';
import type { SweepRun } from './plan-sweep.js';

/** Each claim's value on each run: claim id → run id → value (null: the run has none). Supplied by the caller (the
 *  report's measures), so the runner does not reach into the report. */
export type MeasureClaims = (dbPath: string, claims: readonly ClaimSpec[], runIds: readonly string[]) => Map<string, Map<string, number | null>>;

export interface SeedRoundsExperiment extends SweepExperiment {
  seedRule: SeedRule;
  /** Every run the rule may train (each grid point with seeds first … first + max − 1). */
  ruleRuns: SweepRun[];
  claims: ClaimSpec[];
  /** The keys of each zip group (claims pair points across them). */
  zipKeyGroups: string[][];
}

export interface SeedRoundsResult {
  /** The last round's sweep (its runs are every round's so far). */
  sweep: SweepResult;
  runs: SweepRun[];
  round: number;
  /** Claim id → why it stopped, once the rounds have ended; null when a round did not finish (rerun to resume). */
  stopped: Map<string, string> | null;
}

/** The claims' grid points, by index, from the runs' swept values (params without the seed). */
export function claimPointsOf(experiment: Pick<SeedRoundsExperiment, 'ruleRuns' | 'claims' | 'zipKeyGroups'>): ClaimPoints[] {
  const byIndex = new Map<number, { index: number; values: Record<string, unknown> }>();
  for (const run of experiment.ruleRuns) {
    if (byIndex.has(run.gridPoint)) continue;
    const { seed: _seed, ...values } = run.params;
    byIndex.set(run.gridPoint, { index: run.gridPoint, values });
  }
  const points = [...byIndex.values()];
  return experiment.claims
    .filter((claim) => claim.primary)
    .map((claim) => ({
      claimId: claim.id,
      parts: pairClaimPoints(claim, points, experiment.zipKeyGroups).parts.map((part) => ({ a: part.a.index, b: part.b.index })),
    }));
}

/** The runs of the grid points' seeds so far. */
function runsOfRound(experiment: SeedRoundsExperiment, seedCounts: ReadonlyMap<number, number>): SweepRun[] {
  const { first } = experiment.seedRule;
  return experiment.ruleRuns.filter((run) => (run.params.seed as number) - first < (seedCounts.get(run.gridPoint) ?? 0));
}

/** Each primary claim's parts with the values of their arms, from the measured runs of this round. */
function claimValues(
  experiment: SeedRoundsExperiment,
  claimPoints: readonly ClaimPoints[],
  runs: readonly SweepRun[],
  measured: Map<string, Map<string, number | null>>,
): ClaimValues[] {
  return claimPoints.map((points) => {
    const claim = experiment.claims.find((c) => c.id === points.claimId)!;
    const values = measured.get(claim.id) ?? new Map<string, number | null>();
    const arm = (point: number): SeedValue[] =>
      runs
        .filter((run) => run.gridPoint === point)
        .flatMap((run) => {
          const value = values.get(run.id);
          return value === null || value === undefined || !Number.isFinite(value) ? [] : [{ seed: run.params.seed as number, value }];
        });
    return { claim, parts: points.parts.map((part) => ({ a: arm(part.a), b: arm(part.b) })) };
  });
}

/** What a round's runs came to: whether they all ended (finished or diverged), so the round can be looked at. */
export type SettleRound = (round: number, runs: SweepRun[]) => Promise<boolean>;

export interface SeedRoundsReplay {
  round: number;
  /** The runs of every round up to `round`. */
  runs: SweepRun[];
  /** Claim id → why it stopped, once the rounds have ended; null while `round` has runs that did not end. */
  stopped: Map<string, string> | null;
}

/**
 * The rounds of a seed rule, replayed from round 1: `settle` makes or finds a round's runs (trains them, or reads
 * their stored statuses); once all ended, every primary claim is looked at (lookAtClaims, on the values `measure`
 * reads from `dbPath`) and planSeedRound says which points get more seeds. The same stored runs give the same looks,
 * so a replay reaches the same round with the same seeds. With `record`, each round, its look and the stopping
 * reasons are stored in `dbPath` (its experiment must be saved).
 */
export async function replaySeedRounds(options: {
  experiment: SeedRoundsExperiment;
  dbPath: string;
  measure: MeasureClaims;
  settle: SettleRound;
  record: boolean;
  log: (line: string) => void;
}): Promise<SeedRoundsReplay> {
  const { experiment } = options;
  const rule = experiment.seedRule;
  const claimPoints = claimPointsOf(experiment);
  const pointIndices = [...new Set(experiment.ruleRuns.map((run) => run.gridPoint))];
  const seedCounts = new Map(pointIndices.map((point) => [point, rule.start]));
  let added: Record<string, number[]> = Object.fromEntries(pointIndices.map((point) => [String(point), ruleSeeds(rule, rule.start)]));
  const earlier: ClaimLook[] = [];
  const stopped = new Map<string, string>();
  for (let round = 1; ; round++) {
    const runs = runsOfRound(experiment, seedCounts);
    options.log(`round ${round}: ${runs.length} runs (${Object.keys(added).length} grid points got seeds ${formatAdded(added)})`);
    const ended = await options.settle(round, runs);
    const store = options.record ? openStore(options.dbPath) : null;
    try {
      store?.saveSequentialRound(experiment.name, round, added);
      if (!ended) return { round, runs, stopped: null };
      const measured = options.measure(options.dbPath, experiment.claims, runs.map((run) => run.id));
      const looks = lookAtClaims(claimValues(experiment, claimPoints, runs, measured), earlier);
      store?.saveSequentialLooks(experiment.name, round, looks);
      earlier.push(...looks);
      options.log(`round ${round} look: ${looks.map(formatLook).join('; ')}`);
      const plan = planSeedRound(rule, round, claimPoints, looks, seedCounts);
      for (const [claimId, why] of plan.stopped) if (!stopped.has(claimId)) stopped.set(claimId, why);
      if (plan.added.size === 0) {
        store?.endSequentialRounds(experiment.name, round, Object.fromEntries(stopped));
        return { round, runs, stopped };
      }
      for (const [point, seeds] of plan.added) seedCounts.set(point, (seedCounts.get(point) ?? 0) + seeds.length);
      added = Object.fromEntries([...plan.added].map(([point, seeds]) => [String(point), seeds]));
    } finally {
      store?.close();
    }
  }
}

/**
 * Trains the rounds: each round is a sweep (runSweep) of its runs so far, finished runs skipped; a round whose runs
 * did not all end (interrupted, failed) ends the call with `stopped` null. Rerunning resumes: the rounds replay from
 * the stored runs to where they stopped.
 */
export async function runSeedRounds(
  options: Omit<SweepOptions, 'experiment'> & { experiment: SeedRoundsExperiment; measure: MeasureClaims },
): Promise<SeedRoundsResult> {
  let sweep: SweepResult | undefined;
  const replay = await replaySeedRounds({
    experiment: options.experiment,
    dbPath: options.dbPath,
    measure: options.measure,
    record: true,
    log: (line) => options.onEvent({ type: 'log', line }),
    settle: async (_round, runs) => {
      sweep = await runSweep({ ...options, experiment: { ...options.experiment, runs } });
      const statuses = [...sweep.statuses.values()];
      return !options.signal.aborted && statuses.length === runs.length && statuses.every((s) => s === 'finished' || s === 'diverged');
    },
  });
  return { sweep: sweep!, runs: replay.runs, round: replay.round, stopped: replay.stopped };
}

function formatAdded(added: Record<string, number[]>): string {
  const seeds = [...new Set(Object.values(added).map((list) => list.join(', ')))];
  return seeds.length === 1 ? seeds[0] : seeds.join(' / ');
}

function formatLook(look: ClaimLook): string {
  if (look.decision === 'equivalence') return `${look.claimId} equivalence (runs to max)`;
  const p = look.holmP === null ? '—' : look.holmP.toPrecision(2);
  return `${look.claimId} ${look.decision} (E for ${look.eFor!.toPrecision(3)}, against ${look.eAgainst!.toPrecision(3)}, Holm p ${p})`;
}
