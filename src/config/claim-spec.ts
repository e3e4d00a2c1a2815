// A claim as an experiment file declares it (`claims:` in the schema): read from checked data, defaults filled.
import { experimentSchema } from './experiment-schema.js';
import { fillDefaults } from './fill-defaults.js';

export const CLAIM_METRICS = [
  'test_perplexity',
  'best_valid_perplexity',
  'final_valid_perplexity',
  'valid_fluctuation',
  'late_valid_slope',
  'distinct_word_4grams',
  'distinct_char_8grams',
  'longest_repeat',
] as const;
export type ClaimMetric = (typeof CLAIM_METRICS)[number];

/** The metrics measured on a run's measurement samples (generation.measure). */
export const TEXT_METRICS: readonly ClaimMetric[] = ['distinct_word_4grams', 'distinct_char_8grams', 'longest_repeat'];

/** Each metric option and the metrics it applies to (any other metric refuses it). */
export const METRIC_OPTIONS = {
  from_epoch: ['valid_fluctuation'],
  last_epochs: ['late_valid_slope'],
  checkpoint: TEXT_METRICS,
  decoding: TEXT_METRICS,
} as const satisfies Record<string, readonly ClaimMetric[]>;

export type ClaimExpectation = 'lower' | 'higher' | 'equivalent';

/** Swept dotted path → the value an arm (or the restriction) requires. */
export type ArmValues = Record<string, unknown>;

export interface ClaimSpec {
  id: string;
  statement: string;
  /** What the statement is about (this experiment's runs), and what it is compared with. */
  a: ArmValues;
  b: ArmValues;
  /** The experiment whose runs arm b picks (`experiment:` in b, not among b's values); null = this one. */
  against: string | null;
  /** Only grid points with these values take part ({} = all). */
  where: ArmValues;
  metric: ClaimMetric;
  expect: ClaimExpectation;
  /** With expect equivalent: the largest difference that still counts as equivalent; else null. */
  margin: number | null;
  /** In the corrected family (Holm), or exploratory. */
  primary: boolean;
  fromEpoch: number;
  lastEpochs: number;
  checkpoint: 'best' | 'final';
  decoding: 'greedy' | 'sample' | 'top_k';
  /** Its 0-based place in the file's claims list. */
  index: number;
  /** The keys written in the file (the rest took their defaults): options are checked only where written. */
  written?: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The claims of an experiment's data (already checked against the schema; absent = none), with defaults filled. */
export function readClaimSpecs(claims: unknown): ClaimSpec[] {
  if (!Array.isArray(claims)) return [];
  const schema = experimentSchema().$defs!.claim;
  return claims.filter(isPlainObject).map((raw, index) => {
    const claim = fillDefaults(schema, raw) as Record<string, unknown>;
    const compare = (claim.compare ?? {}) as Record<string, unknown>;
    return {
      id: String(claim.id),
      statement: String(claim.statement),
      a: { ...((compare.a as ArmValues | undefined) ?? {}) },
      b: Object.fromEntries(Object.entries((compare.b as ArmValues | undefined) ?? {}).filter(([key]) => key !== 'experiment')),
      against: typeof (compare.b as ArmValues | undefined)?.experiment === 'string' ? ((compare.b as ArmValues).experiment as string) : null,
      where: { ...((claim.where as ArmValues | undefined) ?? {}) },
      metric: claim.metric as ClaimMetric,
      expect: claim.expect as ClaimExpectation,
      margin: typeof claim.margin === 'number' ? claim.margin : null,
      primary: claim.primary as boolean,
      fromEpoch: claim.from_epoch as number,
      lastEpochs: claim.last_epochs as number,
      checkpoint: claim.checkpoint as ClaimSpec['checkpoint'],
      decoding: claim.decoding as ClaimSpec['decoding'],
      index,
      written: Object.keys(raw),
    };
  });
}
