// Text-quality measures of every generated sample of an experiment, tagged with its grid point, seed and epoch.

import type { RunResults } from './experiment-results.js';
import type { GridPoint } from './group-runs.js';
import { measureTextQuality, type TextQuality } from './measure-text-quality.js';

export interface MeasuredSample {
  point: string; // grid point label
  runId: string;
  seed: unknown;
  epoch: number;
  sampleIndex: number;
  seedText: string;
  decoding: string;
  text: string;
  quality: TextQuality;
}

export function measureSamples(points: readonly GridPoint[]): MeasuredSample[] {
  const measured: MeasuredSample[] = [];
  for (const point of points) {
    for (const { run, samples } of point.runs) {
      for (const sample of samples) {
        measured.push({
          point: point.label,
          runId: run.id,
          seed: runSeed(run),
          epoch: sample.epoch,
          sampleIndex: sample.sampleIndex,
          seedText: sample.seedText,
          decoding: sample.decoding,
          text: sample.text,
          quality: measureTextQuality(sample.text),
        });
      }
    }
  }
  return measured;
}

export function runSeed(run: RunResults['run']): unknown {
  return run.params.seed ?? run.config.seed;
}
