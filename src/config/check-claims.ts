// The claims of an experiment file checked against its grid: arms name swept keys and values, every claim has at
// least one part, options fit the metric. Problems come back as paths into the file, like the schema's.
import { canonicalJson } from './canonical-json.js';
import { METRIC_OPTIONS, type ArmValues, type ClaimSpec } from './claim-spec.js';
import { formatFlow } from './format-value.js';
import { matchesArm, pairClaimPoints, type PointWithValues } from './pair-claim-points.js';

/** The grid of another experiment an arm names: its points, swept keys and zip groups, or why it cannot be read. */
export type OtherExperimentGrid = { points: PointWithValues[]; gridKeys: string[]; zipKeyGroups: string[][] } | { problem: string };

export interface ClaimIssue {
  path: (string | number)[];
  at: 'value' | 'key';
  message: string;
}

function list(values: readonly unknown[]): string {
  return values.map((value) => formatFlow(value)).join(', ');
}

/** Problems of the arms' keys and values: a key that is not swept, a value the key never takes. */
function armIssues(
  arm: ArmValues,
  where: (string | number)[],
  points: readonly PointWithValues[],
  gridKeys: readonly string[],
  owner = 'this experiment',
): ClaimIssue[] {
  const issues: ClaimIssue[] = [];
  for (const [key, value] of Object.entries(arm)) {
    if (!gridKeys.includes(key)) {
      const swept = gridKeys.length === 0 ? `${owner} sweeps nothing` : `its grid and zip keys are ${gridKeys.join(', ')}`;
      issues.push({ path: [...where, key], at: 'key', message: `"${key}" is not a grid or zip key of ${owner}; ${swept}` });
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
  /** The grid of an experiment an arm b names (`experiment:`); only called for such claims. */
  otherGrid: (name: string) => OtherExperimentGrid = (name) => ({ problem: `no experiment "${name}" to compare with` }),
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
    const other = claim.against === null ? null : otherGrid(claim.against);
    if (other !== null && 'problem' in other) {
      issues.push({ path: [...at, 'compare', 'b', 'experiment'], at: 'value', message: other.problem });
      continue;
    }
    issues.push(...armIssues(claim.a, [...at, 'compare', 'a'], points, gridKeys));
    issues.push(
      ...armIssues(claim.b, [...at, 'compare', 'b'], other?.points ?? points, other?.gridKeys ?? gridKeys, other === null ? undefined : `experiment ${claim.against}`),
    );
    issues.push(...armIssues(claim.where, [...at, 'where'], points, gridKeys));
    for (const key of Object.keys(claim.where)) {
      if (Object.hasOwn(claim.a, key) || Object.hasOwn(claim.b, key)) {
        issues.push({ path: [...at, 'where', key], at: 'key', message: `${key} is set by an arm; the restriction must name other keys` });
      }
    }
    for (const arm of ['a', 'b'] as const) {
      if (Object.keys(claim[arm]).length === 0 && other === null) {
        issues.push({
          path: [...at, 'compare', arm],
          at: 'value',
          message: `arm ${arm} names no grid value; only a comparison with another experiment (experiment: in b) may take all of this one's runs`,
        });
      }
    }
    if (issues.length > before) continue;
    if (other === null && canonicalJson(claim.a) === canonicalJson(claim.b)) {
      issues.push({ path: [...at, 'compare'], at: 'value', message: 'arms a and b pick the same grid points; a claim compares two different arms' });
      continue;
    }
    const inScope = points.filter((point) => matchesArm(point, claim.where));
    const sides = { a: inScope, b: other?.points ?? inScope };
    for (const arm of ['a', 'b'] as const) {
      if (!sides[arm].some((point) => matchesArm(point, claim[arm]))) {
        const across = arm === 'b' && other !== null;
        const scope = Object.keys(claim.where).length === 0 || across ? '' : ' within its where';
        issues.push({
          path: [...at, 'compare', arm],
          at: 'value',
          message: `arm ${arm} ${formatFlow(claim[arm])} matches no grid point${across ? ` of ${claim.against}` : ''}${scope}`,
        });
      }
    }
    if (issues.length > before) continue;
    const pairing = pairClaimPoints(claim, points, zipKeyGroups, other ?? undefined);
    if (pairing.parts.length === 0) {
      const fixed = Object.keys(points[0]?.values ?? {}).filter((key) => !pairing.movingKeys.includes(key));
      issues.push({
        path: [...at, 'compare'],
        at: 'value',
        message:
          `no grid point of arm a has exactly one partner in arm b${other === null ? '' : ` (in ${claim.against})`} that differs only in ` +
          `${pairing.movingKeys.join(', ') || 'the experiment'}` +
          (fixed.length === 0 ? '' : ` (the partner must share ${fixed.join(', ')})`),
      });
    }
  }
  return issues;
}
