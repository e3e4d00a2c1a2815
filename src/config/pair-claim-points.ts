// Which grid points a claim compares: each point of arm a with the one point of arm b that differs from it only in
// the arms' keys (and the keys zipped with them). One such pair is one part of the claim.
import { canonicalJson } from './canonical-json.js';
import type { ArmValues, ClaimSpec } from './claim-spec.js';

/** A grid point as its swept keys' values (dotted path → value). */
export interface PointWithValues {
  values: Record<string, unknown>;
}

export interface ClaimPart<P extends PointWithValues> {
  a: P;
  b: P;
  /** The keys the two points share, as "corpus.documents=100, train.docs_per_step=10"; "" when none. */
  label: string;
}

export interface ClaimPairing<P extends PointWithValues> {
  parts: ClaimPart<P>[];
  /** Points of arm a (within `where`) with no partner in arm b, and the reverse. */
  unpairedA: P[];
  unpairedB: P[];
  /** The keys that may differ between the two points of a part: the arms' keys and every key zipped with one. */
  movingKeys: string[];
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Whether a point takes every value of `arm`. */
export function matchesArm(point: PointWithValues, arm: ArmValues): boolean {
  return Object.entries(arm).every(([key, value]) => Object.hasOwn(point.values, key) && same(point.values[key], value));
}

/** Whether a point takes every value of `where` among the keys it has (another experiment's grid may lack some). */
function withinWhere(point: PointWithValues, where: ArmValues): boolean {
  return Object.entries(where).every(([key, value]) => !Object.hasOwn(point.values, key) || same(point.values[key], value));
}

/** The grid points of the experiment arm b is taken from, when it is another one (`against`). */
export interface OtherExperimentPoints<P extends PointWithValues> {
  points: readonly P[];
  zipKeyGroups: readonly (readonly string[])[];
}

function label(point: PointWithValues, keys: readonly string[]): string {
  return keys.map((key) => `${key}=${typeof point.values[key] === 'string' ? point.values[key] : JSON.stringify(point.values[key])}`).join(', ');
}

/**
 * The parts of `claim` among `points`. `zipKeyGroups` lists the keys of each zip group (keys that move together):
 * a zip key that moves with an arm key may differ inside a part (book-ch6's docs_per_step moves with its documents).
 * A point of a with several candidates in b, or none, makes no part and is listed as unpaired.
 */
export function pairClaimPoints<P extends PointWithValues>(
  claim: Pick<ClaimSpec, 'a' | 'b' | 'where'>,
  points: readonly P[],
  zipKeyGroups: readonly (readonly string[])[],
  /** Where arm b's points come from when it names another experiment; undefined = this one. */
  other?: OtherExperimentPoints<P>,
): ClaimPairing<P> {
  const armKeys = [...new Set([...Object.keys(claim.a), ...Object.keys(claim.b)])];
  const moving = new Set(armKeys);
  for (const group of [...zipKeyGroups, ...(other?.zipKeyGroups ?? [])]) {
    if (group.some((key) => moving.has(key))) for (const key of group) moving.add(key);
  }
  const inScope = points.filter((point) => matchesArm(point, claim.where));
  const armA = inScope.filter((point) => matchesArm(point, claim.a));
  const armB =
    other === undefined
      ? inScope.filter((point) => matchesArm(point, claim.b) && !matchesArm(point, claim.a))
      : other.points.filter((point) => withinWhere(point, claim.where) && matchesArm(point, claim.b));
  // Across experiments, a part's points must agree on the keys both grids sweep; a key only one sweeps is free.
  const sharedKeys = (a: P) => Object.keys(a.values).filter((key) => other === undefined || armB.some((b) => Object.hasOwn(b.values, key)));
  const parts: ClaimPart<P>[] = [];
  const unpairedA: P[] = [];
  const pairedB = new Set<P>();
  for (const a of armA) {
    const fixed = sharedKeys(a).filter((key) => !moving.has(key));
    const candidates = armB.filter((b) => fixed.every((key) => same(a.values[key], b.values[key])));
    if (candidates.length !== 1) {
      unpairedA.push(a);
      continue;
    }
    pairedB.add(candidates[0]);
    // The label names what tells parts apart: fixed keys that vary within the claim's scope.
    const varying = fixed.filter((key) => inScope.some((point) => !same(point.values[key], a.values[key])));
    parts.push({ a, b: candidates[0], label: label(a, varying) });
  }
  return { parts, unpairedA, unpairedB: armB.filter((b) => !pairedB.has(b)), movingKeys: [...moving] };
}
