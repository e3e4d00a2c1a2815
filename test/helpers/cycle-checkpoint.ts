// A trained checkpoint for the generation tests: an RNN that learned the cycle a b c d e, so greedy decoding continues it.
import { trainRun } from '../../src/train/train-run.js';
import { bookRunConfig, handCorpus, periodicIds } from './engine-fixtures.js';

/** Trains the cycle run on the active backend (initialise one first) and writes its checkpoint to `path`. */
export async function writeCycleCheckpoint(path: string): Promise<void> {
  const config = bookRunConfig({
    model: { type: 'rnn', hidden: 16 },
    train: { num_unroll: 10, batch_size: 8, learning_rate: 0.05, num_steps: 4, docs_per_step: 1, updates_per_document: 40 },
    corpus: { validation: { rule: 'book', documents: 1, tokens_per_document: 10, stream: 'per_document' } },
    generation: { length: 5 },
  });
  // Vocabulary: UNK, then a … g; the text cycles through a … e.
  const corpus = handCorpus({ vocabSize: 8, train: [periodicIds(5, 200)], validation: [periodicIds(5, 30)] });
  await trainRun(config, corpus, { onEpoch: () => {} }, { backend: 'wasm', checkpointPath: path });
}
