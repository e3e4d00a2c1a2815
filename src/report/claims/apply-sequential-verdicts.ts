// "Seeds until decided" in the report: an experiment that ran with a seed rule takes its primary claims' verdicts
// from the sequential looks stored by rnnlab run (a fixed-n test after optional stopping is not valid), and shows the
// rounds, each look's e-values, anytime-valid p and Holm p, and each claim's stopping reason.
import type { ResultsStore, SequentialLookRow, SequentialRoundRow } from '../../store/results-store.js';
import type { ClaimResult } from './claim-result.js';
import type { ClaimVerdict } from './decide-claim.js';

export interface SequentialRecord {
  rounds: SequentialRoundRow[];
  looks: SequentialLookRow[];
}

/** The rounds and looks stored for `experiment`, or null when it did not run with a seed rule. */
export function readSequentialRecord(store: ResultsStore, experiment: string): SequentialRecord | null {
  const rounds = store.sequentialRounds(experiment);
  return rounds.length === 0 ? null : { rounds, looks: store.sequentialLooks(experiment) };
}

/** An e-value or p: "—" when absent, "0" for no evidence at all, exponent form far from 1. */
const number = (value: number | null): string =>
  value === null ? '—' : value === 0 ? '0' : value >= 1e4 || value < 1e-3 ? value.toExponential(2) : value.toPrecision(3);

/** "round 1: seeds 1–3 on 3 grid points; round 2: seeds 4–5 on 3 grid points; …". */
export function formatSequentialRounds(rounds: readonly SequentialRoundRow[]): string {
  return rounds
    .map((round) => {
      const lists = Object.values(round.seedsAdded);
      const seeds = [...new Set(lists.map((list) => (list.length > 1 ? `${list[0]}–${list[list.length - 1]}` : String(list[0]))))].join(' / ');
      return `round ${round.round}: seeds ${seeds} on ${lists.length} grid point${lists.length === 1 ? '' : 's'}`;
    })
    .join('; ');
}

function verdictOf(look: SequentialLookRow, fixed: ClaimVerdict): ClaimVerdict {
  switch (look.decision) {
    case 'supported':
    case 'contradicted':
    case 'not enough data':
      return look.decision;
    case 'undecided':
      return fixed === 'not enough data' ? fixed : 'inconclusive';
    case 'equivalence':
      return fixed;
  }
}

/**
 * The claims with the sequential procedure's verdicts where it decided them (primary, directional claims): the
 * last look's decision, Holm p as the adjusted p, and findings that show the rounds, the looks and the stopping
 * reason; the fixed-n tests stay as descriptive numbers. Equivalence claims (run to max, not decided sequentially)
 * keep their fixed-n verdict. `record` null (no seed rule) returns the claims unchanged.
 */
export function applySequentialVerdicts(claims: readonly ClaimResult[], record: SequentialRecord | null): ClaimResult[] {
  if (record === null) return [...claims];
  const reasons = record.rounds.find((round) => round.stopReasons !== null)?.stopReasons ?? null;
  return claims.map((claim) => {
    const looks = record.looks.filter((look) => look.claimId === claim.id);
    if (!claim.spec.primary || looks.length === 0) return claim;
    const final = looks[looks.length - 1];
    const stopping =
      reasons?.[claim.id] ?? `still going: ${record.rounds.length} round${record.rounds.length === 1 ? '' : 's'} so far (run the same command again to go on)`;
    const lookLines = looks.map((look) =>
      look.decision === 'equivalence'
        ? `Round ${look.round} look: n = ${look.nA} and ${look.nB}; equivalence claims are not decided sequentially (they run to max).`
        : `Round ${look.round} look: n = ${look.nA} and ${look.nB}, e-value for ${number(look.eFor)}, against ${number(look.eAgainst)}, ` +
          `anytime-valid p ${number(look.anytimeP)}, Holm p ${number(look.holmP)}: ${look.decision}.`,
    );
    const sequential = final.decision !== 'equivalence';
    return {
      ...claim,
      verdict: verdictOf(final, claim.verdict),
      adjustedP: sequential ? final.holmP : claim.adjustedP,
      findings: [
        `Seeds until decided (seed rule, ${formatSequentialRounds(record.rounds)}): ${stopping}.` +
          (sequential
            ? ' The verdict is the sequential one (safe t-test e-values, anytime-valid p = 1 / running max E, Holm over the primary claims at 0.05); the fixed-n tests below are descriptive only, since seeds were added after looking.'
            : ''),
        ...lookLines,
        ...claim.findings,
      ],
      rule: claim.rule,
    };
  });
}
