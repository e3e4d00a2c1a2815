// What the training engine reports to its caller (the runner): plain numbers and strings, never tensors.

/** Perplexity of one document's updates within a book-schedule step. */
export interface DocumentPerplexity {
  document: string; // file name, e.g. "007.txt"
  updates: number;
  lossNats: number;
  perplexity: number;
}

export interface GeneratedSample {
  /** The seed as text (the token, or the configured seed_text). */
  seedText: string;
  decoding: 'greedy' | 'sample' | 'top_k';
  text: string;
}

/** One sample of generation.measure, generated once training ends from the weights of one checkpoint. */
export interface MeasureSample extends GeneratedSample {
  /** `best`: the best validation epoch's weights; `final`: those after the last epoch. */
  checkpoint: 'best' | 'final';
  /** The epoch those weights are from. */
  epoch: number;
  /** 0-based; the same index is the same seed text at every checkpoint and decoding. */
  sampleIndex: number;
}

/** One parameter group's gradient norm over an epoch's updates (before clipping). */
export interface GroupGradients {
  group: string; // e.g. "context"
  parameters: string[]; // the model's parameter names in the group
  normMean: number;
  normMax: number;
}

/** The epoch's gradient diagnostics, from every update's gradients before clipping. */
export interface EpochGradients {
  updates: number;
  normMean: number; // mean over updates of the global norm
  normMax: number;
  clippedFraction: number; // updates whose norm exceeded clip_norm, over all updates
  groups: GroupGradients[];
}

/** Everything measured in one epoch (a book-schedule step is an epoch here). Non-finite values are kept as is. */
export interface EpochReport {
  epoch: number; // 1-based
  trainLossNats: number;
  trainPerplexity: number;
  validLossNats: number | null; // null when no validation ran this epoch
  validPerplexity: number | null;
  /** Mean cross-entropy over corpus.test's documents, scored after validation on the same weights; null when no test
   *  set or no validation this epoch (absent in reports from before test sets existed). Chooses nothing. */
  testLossNats?: number | null;
  testPerplexity?: number | null;
  /** One-step predictions the test loss averages over; null with testLossNats. */
  testPredictions?: number | null;
  tokensPerSec: number; // training predictions per second of training time
  durationMs: number; // wall time of the whole epoch, validation and generation included
  documents: DocumentPerplexity[]; // empty for the epoch schedule
  samples: GeneratedSample[];
  /** Null when not measured (no update ran; reports from before the diagnostics existed). */
  gradients?: EpochGradients | null;
  /** RNN-CF with learn_alpha: each context unit's α = sigmoid(alpha_logit) after the epoch; else null. */
  learnedAlpha?: number[] | null;
}

export interface TrainingCallbacks {
  /** Called once per finished epoch; awaited before the next epoch starts. */
  onEpoch(report: EpochReport): void | Promise<void>;
  /** Called often (per update) so a UI can show progress; must be cheap. */
  onProgress?(progress: { epoch: number; update: number; updatesPerEpoch: number; lossNats: number }): void;
}

export interface TrainingOutcome {
  /** `diverged`: a loss became NaN or infinite; training stopped after reporting that epoch. */
  status: 'finished' | 'diverged';
  epochs: number;
  /** The backend that actually ran, e.g. "wasm". */
  backend: string;
  bestEpoch: number | null;
  bestValidPerplexity: number | null;
  /** generation.measure's samples (empty when it is null, or the run diverged). */
  measureSamples?: MeasureSample[];
}
