// The Samples view: two runs' generated text epoch by epoch, side by side, each with its longest repeated substring
// (where a model loops) located for highlighting.
import type { ResultsStore, SampleRow } from '../store/results-store.js';
import { longestRepeatedSubstring } from '../report/longest-repeated-substring.js';
import type { MarkedSample, SamplePairs } from './api-types.js';

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
