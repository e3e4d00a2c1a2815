// The claims of an experiment file checked against its grid: arms name swept keys and values, every claim has at
// least one part, options fit the metric. Problems come back as paths into the file, like the schema's.
import { canonicalJson } from './canonical-json.js';
import { METRIC_OPTIONS, type ArmValues, type ClaimSpec } from './claim-spec.js';
import { formatFlow } from './format-value.js';
import { matchesArm, pairClaimPoints, type PointWithValues } from './pair-claim-points.js';

export interface ClaimIssue {
  path: (string | number)[];
  at: 'value' | 'key';
  message: string;
}

function list(values: readonly unknown[]): string {
  return values.map((value) => formatFlow(value)).join(', ');
}

/** Problems of the arms' keys and values: a key that is not swept, a value the key never takes. */
function armIssues(arm: ArmValues, where: (string | number)[], points: readonly PointWithValues[], gridKeys: readonly string[]): ClaimIssue[] {
  const issues: ClaimIssue[] = [];
  for (const [key, value] of Object.entries(arm)) {
    if (!gridKeys.includes(key)) {
      const swept = gridKeys.length === 0 ? 'this experiment sweeps nothing' : `its grid and zip keys are ${gridKeys.join(', ')}`;
      issues.push({ path: [...where, key], at: 'key', message: `"${key}" is not a grid or zip key of this experiment; ${swept}` });
      continue;
    }
    const taken = [...new Map(points.map((point) => [canonicalJson(point.values[key]), point.values[key]])).values()];
    if (!taken.some((candidate) => canonicalJson(candidate) === canonicalJson(value))) {
      issues.push({ path: [...where, key], at: 'value', message: `${key} never takes ${formatFlow(value)} in this grid; it takes ${list(taken)}` });
    }
  }
  return issues;
}

/**
 * Every problem of `claims` against the experiment's grid points (`points`, with their swept keys' values),
 * `gridKeys` and `zipKeyGroups`. A claim whose arm or restriction is wrong is not checked further.
 */
export function checkClaims(
  claims: readonly ClaimSpec[],
  points: readonly PointWithValues[],
  gridKeys: readonly string[],
  zipKeyGroups: readonly (readonly string[])[],
): ClaimIssue[] {
  const issues: ClaimIssue[] = [];
  const firstOfId = new Map<string, number>();
  for (const claim of claims) {
    const at = ['claims', claim.index];
    const earlier = firstOfId.get(claim.id);
    if (earlier !== undefined) issues.push({ path: [...at, 'id'], at: 'value', message: `claim id "${claim.id}" is already used by claim ${earlier}` });
    else firstOfId.set(claim.id, claim.index);

    if (claim.expect === 'equivalent' && claim.margin === null) {
      issues.push({ path: [...at, 'expect'], at: 'value', message: 'expect equivalent needs a margin (the largest difference that counts as equivalent)' });
    }
    if (claim.expect !== 'equivalent' && claim.margin !== null) {
      issues.push({ path: [...at, 'margin'], at: 'key', message: `margin goes with expect equivalent; this claim expects ${claim.expect}` });
    }
    for (const [option, metrics] of Object.entries(METRIC_OPTIONS)) {
      const written = claim.written?.includes(option) ?? false;
      if (written && !(metrics as readonly string[]).includes(claim.metric)) {
        issues.push({ path: [...at, option], at: 'key', message: `${option} applies to ${metrics.join(', ')}, not to metric ${claim.metric}` });
      }
    }

    const before = issues.length;
    issues.push(...armIssues(claim.a, [...at, 'compare', 'a'], points, gridKeys));
    issues.push(...armIssues(claim.b, [...at, 'compare', 'b'], points, gridKeys));
    issues.push(...armIssues(claim.where, [...at, 'where'], points, gridKeys));
    for (const key of Object.keys(claim.where)) {
      if (Object.hasOwn(claim.a, key) || Object.hasOwn(claim.b, key)) {
        issues.push({ path: [...at, 'where', key], at: 'key', message: `${key} is set by an arm; the restriction must name other keys` });
      }
    }
    if (issues.length > before) continue;
    if (canonicalJson(claim.a) === canonicalJson(claim.b)) {
      issues.push({ path: [...at, 'compare'], at: 'value', message: 'arms a and b pick the same grid points; a claim compares two different arms' });
      continue;
    }
    const inScope = points.filter((point) => matchesArm(point, claim.where));
    for (const arm of ['a', 'b'] as const) {
      if (!inScope.some((point) => matchesArm(point, claim[arm]))) {
        const scope = Object.keys(claim.where).length === 0 ? '' : ' within its where';
        issues.push({ path: [...at, 'compare', arm], at: 'value', message: `arm ${arm} ${formatFlow(claim[arm])} matches no grid point${scope}` });
      }
    }
    if (issues.length > before) continue;
    const pairing = pairClaimPoints(claim, points, zipKeyGroups);
    if (pairing.parts.length === 0) {
      const fixed = Object.keys(points[0]?.values ?? {}).filter((key) => !pairing.movingKeys.includes(key));
      issues.push({
        path: [...at, 'compare'],
        at: 'value',
        message:
          `no grid point of arm a has exactly one partner in arm b that differs only in ${pairing.movingKeys.join(', ')}` +
          (fixed.length === 0 ? '' : ` (the partner must share ${fixed.join(', ')})`),
      });
    }
  }
  return issues;
}
