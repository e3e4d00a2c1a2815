// The table `rnnlab run --dry-run` prints: every run the grid expands to and what a real run would do with it.
import Table from 'cli-table3';
import { formatTokenBudgets } from '../config/format-token-budgets.js';
import { formatParams } from './format-sweep-progress.js';
import type { PlannedRun } from './plan-sweep.js';

export function formatDryRun(experimentName: string, planned: readonly PlannedRun[]): string {
  const table = new Table({ head: ['#', 'run id', 'grid point', 'params', 'stored', 'action'], style: { head: [], border: [] } });
  planned.forEach((plan, index) => {
    table.push([
      String(index + 1),
      plan.run.id,
      String(plan.run.gridPoint + 1),
      formatParams(plan.run.params) || '-',
      plan.storedStatus ?? '-',
      plan.reason,
    ]);
  });
  const toTrain = planned.filter((plan) => plan.train).length;
  const reused = planned.filter((plan) => plan.reuse !== undefined).length;
  return (
    `${experimentName}: ${planned.length} run${planned.length === 1 ? '' : 's'}, ` +
    `${toTrain} would be trained, ${reused > 0 ? `${reused} reused, ` : ''}${planned.length - toTrain - reused} skipped (dry run: nothing written)\n` +
    `${table.toString()}\n` +
    formatTokenBudgets(planned.map((plan) => plan.run)).map((line) => `${line}\n`).join('')
  );
}
