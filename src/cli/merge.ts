// `rnnlab merge SHARD.sqlite… [--into DB]`: shard databases (files or folders of them) merged into one database.
import { Command } from 'commander';
import { hostname } from 'node:os';
import { mergeShards, type ShardMergeReport } from '../runner/merge-shards.js';
import { DEFAULT_DB_PATH } from '../store/default-db-path.js';

function formatCounts(counts: { added: number; updated: number; unchanged: number }): string {
  return `${counts.added} run${counts.added === 1 ? '' : 's'} added, ${counts.updated} updated, ${counts.unchanged} already there`;
}

export function formatMergeReports(reports: readonly ShardMergeReport[], into: string): string {
  const lines = reports.map(
    (report) =>
      `${report.path}: ${formatCounts({ added: report.added.length, updated: report.updated.length, unchanged: report.unchanged.length })}` +
      (report.checkpoints > 0 ? `, ${report.checkpoints} checkpoint${report.checkpoints === 1 ? '' : 's'} copied` : '') +
      (report.experimentsAdded.length > 0 ? ` (new experiment ${report.experimentsAdded.join(', ')})` : ''),
  );
  const total = (pick: (report: ShardMergeReport) => string[]) => reports.reduce((sum, report) => sum + pick(report).length, 0);
  lines.push(
    `merged ${reports.length} database${reports.length === 1 ? '' : 's'} into ${into}: ` +
      formatCounts({ added: total((r) => r.added), updated: total((r) => r.updated), unchanged: total((r) => r.unchanged) }),
  );
  return `${lines.join('\n')}\n`;
}

export function mergeCommand(): Command {
  return new Command('merge')
    .description(
      'merge shard databases (files, or folders of *.sqlite such as runs/shards/EXPERIMENT) into one database, keyed ' +
        'by run id, one transaction per shard; merging again adds nothing',
    )
    .argument('<shards...>', 'shard databases or folders of them')
    .option('--into <path>', 'the database to merge into (created if missing)', DEFAULT_DB_PATH)
    .option('--allow-running', 'merge shards that are still being written (their runs as they are now)')
    .action((inputs: string[], options: { into: string; allowRunning?: boolean }) => {
      const reports = mergeShards({
        inputs,
        into: options.into,
        allowRunning: options.allowRunning ?? false,
        host: hostname(),
        now: Date.now(),
      });
      process.stdout.write(formatMergeReports(reports, options.into));
    });
}
