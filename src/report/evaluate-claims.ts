// Every claim a report decides: the chapter's four, then the ablations', each chosen by the experiment's grid keys.

import { evaluateAblationClaims } from './ablation-claims.js';
import { evaluateChapterClaims } from './chapter-claims.js';
import type { ClaimResult } from './claim-result.js';
import type { MeasuredSample } from './measure-samples.js';
import type { RunResults } from './experiment-results.js';

export function evaluateClaims(
  runs: readonly RunResults[],
  samples: readonly MeasuredSample[],
  gridKeys: readonly string[],
): ClaimResult[] {
  return [...evaluateChapterClaims(runs, samples, gridKeys), ...evaluateAblationClaims(runs, gridKeys)];
}
