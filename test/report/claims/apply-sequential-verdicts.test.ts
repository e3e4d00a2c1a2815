// The report's hook for "seeds until decided": verdicts from the stored looks, the rounds and stopping reasons shown,
// equivalence claims and runs without a seed rule left to the fixed-n procedure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applySequentialVerdicts, formatSequentialRounds, type SequentialRecord } from '../../../src/report/claims/apply-sequential-verdicts.js';
import type { ClaimResult } from '../../../src/report/claims/claim-result.js';
import type { SequentialLookRow } from '../../../src/store/results-store.js';

/** The fields the hook reads or writes; the rest of a ClaimResult does not matter to it. */
function claim(id: string, verdict: ClaimResult['verdict'], primary = true): ClaimResult {
  return { id, verdict, adjustedP: 0.001, findings: ['fixed-n: paired t'], rule: 'r', spec: { primary } } as unknown as ClaimResult;
}

function look(claimId: string, round: number, decision: SequentialLookRow['decision'], holmP: number | null): SequentialLookRow {
  const equivalence = decision === 'equivalence';
  return { experiment: 'x', round, claimId, nA: 3, nB: 3, eFor: equivalence ? null : 2, eAgainst: equivalence ? null : 0, anytimeP: holmP, holmP, decision };
}

const record: SequentialRecord = {
  rounds: [
    { experiment: 'x', round: 1, seedsAdded: { 0: [1, 2, 3], 1: [1, 2, 3] }, startedAt: 't', stopReasons: null },
    { experiment: 'x', round: 2, seedsAdded: { 1: [4] }, startedAt: 't', stopReasons: { a: 'decided at round 1 (supported)', b: 'reached max (4 seeds)', e: 'reached max (4 seeds); equivalence …' } },
  ],
  looks: [look('a', 1, 'supported', 0.01), look('b', 1, 'undecided', 0.5), look('b', 2, 'undecided', 0.4), look('e', 1, 'equivalence', null)],
};

test('without a seed rule the claims are unchanged', () => {
  const claims = [claim('a', 'supported')];
  assert.deepEqual(applySequentialVerdicts(claims, null), claims);
});

test('the sequential decision is the verdict (undecided: inconclusive), with the Holm p, rounds, looks and stopping reason', () => {
  // The fixed-n verdicts below disagree with the looks on purpose: the looks must win.
  const [a, b, e, explore] = applySequentialVerdicts(
    [claim('a', 'inconclusive'), claim('b', 'supported'), claim('e', 'equivalent'), claim('z', 'supported', false)],
    record,
  );
  assert.equal(a.verdict, 'supported');
  assert.equal(a.adjustedP, 0.01);
  assert.equal(b.verdict, 'inconclusive');
  assert.equal(b.adjustedP, 0.4);
  assert.match(b.findings[0], /^Seeds until decided \(seed rule, round 1: seeds 1–3 on 2 grid points; round 2: seeds 4 on 1 grid point\): reached max \(4 seeds\)\. The verdict is the sequential one/);
  assert.deepEqual(b.findings.slice(1), [
    'Round 1 look: n = 3 and 3, e-value for 2.00, against 0, anytime-valid p 0.500, Holm p 0.500: undecided.',
    'Round 2 look: n = 3 and 3, e-value for 2.00, against 0, anytime-valid p 0.400, Holm p 0.400: undecided.',
    'fixed-n: paired t',
  ]);
  // Equivalence: not decided sequentially, the fixed-n verdict and p stay.
  assert.equal(e.verdict, 'equivalent');
  assert.equal(e.adjustedP, 0.001);
  assert.ok(e.findings.includes('Round 1 look: n = 3 and 3; equivalence claims are not decided sequentially (they run to max).'));
  assert.deepEqual(explore, claim('z', 'supported', false));
});

test('rounds in words', () => {
  assert.equal(formatSequentialRounds(record.rounds), 'round 1: seeds 1–3 on 2 grid points; round 2: seeds 4 on 1 grid point');
});
