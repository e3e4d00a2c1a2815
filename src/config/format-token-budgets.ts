// What the tokens schedule's budget buys per run, as `rnnlab validate` and `rnnlab run --dry-run` print it.
import type { RunConfig } from './run-config.js';
import { updatesPerDocument } from './updates-per-document.js';

/**
 * One line per distinct budget split among `runs` on schedule tokens, in run order, e.g.
 * `schedule tokens: 3200000 predictions per step = 10 documents × 5000 updates × num_unroll 1 × batch_size 64`;
 * [] when no run uses that schedule.
 */
export function formatTokenBudgets(runs: readonly { config: RunConfig }[]): string[] {
  const lines: string[] = [];
  for (const { config } of runs) {
    const train = config.train;
    if (train.schedule !== 'tokens') continue;
    const updates = updatesPerDocument(train);
    const line =
      `schedule tokens: ${train.tokens_per_step} predictions per step = ${train.docs_per_step} documents × ` +
      `${updates} update${updates === 1 ? '' : 's'} × num_unroll ${train.num_unroll} × batch_size ${train.batch_size}`;
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}
