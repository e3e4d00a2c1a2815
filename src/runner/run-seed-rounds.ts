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

/**
 * Round 1 trains every grid point's first `start` seeds; after a round whose runs all ended (finished or diverged),
 * every primary claim is looked at (lookAtClaims) and the look stored, and planSeedRound says which points get more
 * seeds. Rerunning resumes: each round's sweep skips finished runs and its look is recomputed from the stored runs
 * (the same runs give the same look), so the rounds replay to where they stopped. A round whose runs did not all end
 * (interrupted, failed) ends the call with `stopped` null.
 */
export async function runSeedRounds(
  options: Omit<SweepOptions, 'experiment'> & { experiment: SeedRoundsExperiment; measure: MeasureClaims },
): Promise<SeedRoundsResult> {
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
    options.onEvent({ type: 'log', line: `round ${round}: ${runs.length} runs (${Object.keys(added).length} grid points got seeds ${formatAdded(added)})` });
    const sweep = await runSweep({ ...options, experiment: { ...experiment, runs } });
    const store = openStore(options.dbPath);
    try {
      store.saveSequentialRound(experiment.name, round, added);
      const ended = [...sweep.statuses.values()].every((status) => status === 'finished' || status === 'diverged');
      if (options.signal.aborted || !ended || sweep.statuses.size < runs.length) return { sweep, runs, round, stopped: null };
      const measured = options.measure(options.dbPath, experiment.claims, runs.map((run) => run.id));
      const looks = lookAtClaims(claimValues(experiment, claimPoints, runs, measured), earlier);
      store.saveSequentialLooks(experiment.name, round, looks);
      earlier.push(...looks);
      options.onEvent({ type: 'log', line: `round ${round} look: ${looks.map(formatLook).join('; ')}` });
      const plan = planSeedRound(rule, round, claimPoints, looks, seedCounts);
      for (const [claimId, why] of plan.stopped) if (!stopped.has(claimId)) stopped.set(claimId, why);
      if (plan.added.size === 0) {
        store.endSequentialRounds(experiment.name, round, Object.fromEntries(stopped));
        return { sweep, runs, round, stopped };
      }
      for (const [point, seeds] of plan.added) seedCounts.set(point, (seedCounts.get(point) ?? 0) + seeds.length);
      added = Object.fromEntries([...plan.added].map(([point, seeds]) => [String(point), seeds]));
    } finally {
      store.close();
    }
  }
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
