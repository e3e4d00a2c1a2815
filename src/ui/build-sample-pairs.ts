// The Samples view: two runs' generated text epoch by epoch, side by side, each with its longest repeated substring
// (where a model loops) located for highlighting.
import type { ResultsStore, SampleRow } from '../store/results-store.js';
import { longestRepeatedSubstring } from '../report/longest-repeated-substring.js';

export interface MarkedSample {
  sampleIndex: number;
  seedText: string;
  decoding: string;
  text: string;
  /** In code points (Array.from(text)), as longestRepeatedSubstring counts; length 0 = nothing repeats. */
  repeat: { start: number; length: number };
}

export interface SamplePairs {
  runs: [string, string];
  /** Every epoch either run has samples for, ascending; [] on a side without samples at that epoch. */
  epochs: { epoch: number; a: MarkedSample[]; b: MarkedSample[] }[];
}

function mark(sample: SampleRow): MarkedSample {
  const repeat = longestRepeatedSubstring(sample.text);
  return {
    sampleIndex: sample.sampleIndex,
    seedText: sample.seedText,
    decoding: sample.decoding,
    text: sample.text,
    repeat: { start: repeat.start, length: repeat.length },
  };
}

export function buildSamplePairs(store: ResultsStore, idA: string, idB: string): SamplePairs {
  const a = store.findRun(idA);
  const b = store.findRun(idB);
  const samplesA = store.samples(a.id);
  const samplesB = store.samples(b.id);
  const epochs = [...new Set([...samplesA, ...samplesB].map((sample) => sample.epoch))].sort((x, y) => x - y);
  return {
    runs: [a.id, b.id],
    epochs: epochs.map((epoch) => ({
      epoch,
      a: samplesA.filter((sample) => sample.epoch === epoch).map(mark),
      b: samplesB.filter((sample) => sample.epoch === epoch).map(mark),
    })),
  };
}
