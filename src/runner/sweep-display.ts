// Shows a sweep's progress on a stream: live per-worker lines and an overall line on a terminal, plain lines otherwise.
import cliProgress from 'cli-progress';
import type { RunStatus } from '../store/results-store.js';
import {
  estimateRemainingMs,
  formatOverallLine,
  formatEpochLine,
  formatRunDoneLine,
  formatRunLabel,
  formatWorkerLine,
  runFraction,
} from './format-sweep-progress.js';
import type { SweepEvent } from './run-sweep.js';
import type { SweepJob, UpdateProgress } from './sweep-job.js';
import { totalEpochs } from '../config/total-epochs.js';

export interface DisplayStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

interface WorkerView {
  job: SweepJob | null;
  label: string | null;
  startedAt: number;
  progress: UpdateProgress | null;
  lastValidPerplexity: number | null;
  tokensPerSec: number | null;
}

/** Consumes sweep events; `live` = redraw lines in place (a terminal), else one plain line per epoch and per run. */
export class SweepDisplay {
  private readonly live: boolean;
  private readonly startedAt = Date.now();
  private readonly ordinals = new Map<string, number>();
  private readonly workers = new Map<number, WorkerView>();
  private readonly counts: Record<string, number> = {};
  private totalRuns = 0;
  private doneRuns = 0;
  /** Epochs of all runs this sweep trains, and of those already ended (a run ending early counts in full). */
  private totalEpochCount = 0;
  private doneEpochCount = 0;
  private readonly epochsOf = new Map<string, number>();
  private multibar: cliProgress.MultiBar | null = null;
  private overallBar: cliProgress.SingleBar | null = null;
  private readonly workerBars = new Map<number, cliProgress.SingleBar>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly stream: DisplayStream,
    options: { live: boolean },
  ) {
    this.live = options.live;
  }

  handle(event: SweepEvent): void {
    switch (event.type) {
      case 'plan': {
        const toTrain = event.planned.filter((plan) => plan.train);
        this.totalRuns = toTrain.length;
        for (const plan of toTrain) {
          const epochs = totalEpochs(plan.run.config);
          this.epochsOf.set(plan.run.id, epochs);
          this.totalEpochCount += epochs;
        }
        const skipped = event.planned.length - toTrain.length;
        if (event.reaped.length > 0) {
          this.print(`${event.reaped.length} run(s) left running by a process that died were marked interrupted`);
        }
        this.print(
          `${event.planned.length} runs in the grid: ${toTrain.length} to train` +
            (skipped > 0 ? `, ${skipped} skipped (${this.skipReasons(event.planned)})` : '') +
            (toTrain.length > 0 ? `, on ${event.workers} worker${event.workers === 1 ? '' : 's'}` : ''),
        );
        if (this.live && toTrain.length > 0) this.startLive(event.workers);
        return;
      }
      case 'log':
        this.print(event.line);
        return;
      case 'worker-log':
        this.print(`w${event.worker + 1}| ${event.line}`);
        return;
      case 'worker-ready':
        return;
      case 'stopping':
        this.print(
          event.reason === 'interrupted'
            ? 'stopping: runs in progress will be marked interrupted…'
            : event.reason === 'fail-fast'
              ? 'stopping after the first failure (--fail-fast)…'
              : 'stopping: workers could not start',
        );
        return;
      case 'run-started': {
        const view = this.view(event.worker);
        view.job = event.job;
        view.label = this.label(event.job);
        view.startedAt = Date.now();
        view.progress = null;
        view.lastValidPerplexity = null;
        view.tokensPerSec = null;
        if (event.notice) this.print(`${view.label}  ${event.notice}`);
        return;
      }
      case 'progress': {
        const view = this.view(event.worker);
        if (view.job?.runId !== event.job.runId) {
          view.job = event.job;
          view.label = this.label(event.job);
          view.startedAt = Date.now();
        }
        view.progress = event.progress;
        return;
      }
      case 'epoch': {
        const view = this.view(event.worker);
        view.lastValidPerplexity = event.summary.validPerplexity;
        view.tokensPerSec = event.summary.tokensPerSec;
        if (!this.live) this.print(formatEpochLine(this.label(event.job), event.summary));
        return;
      }
      case 'run-done': {
        const view = this.view(event.worker);
        view.job = null;
        view.label = null;
        view.progress = null;
        this.counts[event.result.status] = (this.counts[event.result.status] ?? 0) + 1;
        if (event.result.status !== 'skipped') this.doneRuns++;
        this.doneEpochCount += this.epochsOf.get(event.job.runId) ?? 0;
        this.print(formatRunDoneLine(this.label(event.job), event.result));
        return;
      }
    }
  }

  /** Stops redrawing (leaving the last frame on screen). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.multibar) {
      this.redraw();
      this.multibar.stop();
      this.multibar = null;
    }
  }

  private skipReasons(planned: { train: boolean; storedStatus: RunStatus | null; reuse?: unknown }[]): string {
    const byStatus: Record<string, number> = {};
    for (const plan of planned) {
      if (plan.train) continue;
      const why = plan.reuse !== undefined ? 'reused' : (plan.storedStatus ?? '?');
      byStatus[why] = (byStatus[why] ?? 0) + 1;
    }
    return Object.entries(byStatus)
      .map(([status, count]) => `${count} ${status}`)
      .join(', ');
  }

  private label(job: SweepJob): string {
    let ordinal = this.ordinals.get(job.runId);
    if (ordinal === undefined) this.ordinals.set(job.runId, (ordinal = this.ordinals.size + 1));
    return formatRunLabel(job, ordinal, this.totalRuns);
  }

  private view(worker: number): WorkerView {
    let view = this.workers.get(worker);
    if (view === undefined) {
      view = { job: null, label: null, startedAt: 0, progress: null, lastValidPerplexity: null, tokensPerSec: null };
      this.workers.set(worker, view);
    }
    return view;
  }

  private print(line: string): void {
    if (this.multibar) this.multibar.log(`${line}\n`);
    else this.stream.write(`${line}\n`);
  }

  private startLive(workers: number): void {
    this.multibar = new cliProgress.MultiBar({
      stream: this.stream as NodeJS.WritableStream,
      format: (_options, _params, payload: { text: string }) => this.fit(payload.text),
      hideCursor: true,
      gracefulExit: false,
      clearOnComplete: false,
      stopOnComplete: false,
      linewrap: false,
      fps: 5,
    });
    for (let worker = 0; worker < workers; worker++) {
      this.workerBars.set(worker, this.multibar.create(1, 0, { text: `w${worker + 1} starting…` }));
    }
    this.overallBar = this.multibar.create(1, 0, { text: '' });
    this.timer = setInterval(() => this.redraw(), 500);
    this.redraw();
  }

  private fit(text: string): string {
    // A pseudo-terminal may report 0 columns: fall back to a common width.
    const width = this.stream.columns && this.stream.columns >= 40 ? this.stream.columns : 120;
    return Array.from(text).length > width - 1 ? `${Array.from(text).slice(0, width - 2).join('')}…` : text;
  }

  private redraw(): void {
    const now = Date.now();
    let inFlightEpochs = 0;
    for (const [worker, bar] of this.workerBars) {
      const view = this.view(worker);
      const fraction = view.progress ? runFraction(view.progress) : 0;
      if (view.job) inFlightEpochs += fraction * (this.epochsOf.get(view.job.runId) ?? 0);
      bar.update(0, {
        text: formatWorkerLine({
          worker,
          label: view.label,
          progress: view.progress,
          lastValidPerplexity: view.lastValidPerplexity,
          tokensPerSec: view.tokensPerSec,
          etaMs: view.progress ? estimateRemainingMs(now - view.startedAt, fraction) : null,
        }),
      });
    }
    const fraction = this.totalEpochCount > 0 ? (this.doneEpochCount + inFlightEpochs) / this.totalEpochCount : 0;
    this.overallBar?.update(0, {
      text: formatOverallLine({
        fraction,
        done: this.doneRuns,
        total: this.totalRuns,
        counts: this.counts,
        elapsedMs: now - this.startedAt,
        etaMs: estimateRemainingMs(now - this.startedAt, fraction),
      }),
    });
  }
}
