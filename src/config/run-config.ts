// Types of one fully resolved run: what an experiment file's base config plus one grid point and one seed become.
// The JSON Schema (schemas/experiment.schema.json) is the source of truth for shape and defaults; these types
// mirror it for the code. Keys stay snake_case as users write them in YAML.

export type NgramSize = 1 | 2 | 3;

/** How held-out tails are scored: each from a zero state (book), or joined into one stream, state carried across
 *  documents (the three-layer notebook). */
export type ValidationStream = 'per_document' | 'concatenated';

/** Which held-out tokens score validation perplexity (what the corpus stage needs to split them off). */
export type ValidationRule =
  | {
      /** The book's rule: the first `documents` documents (file order) with more than
       *  (num_steps + 1) × tokens_per_document tokens each give up their last `tokens_per_document` tokens;
       *  each is scored on tokens_per_document / 2 one-step predictions, state carried, batch 1. */
      rule: 'book';
      documents: number; // book: 10
      tokens_per_document: number; // book: 100 (the notebook's steps_per_document)
    }
  | {
      /** Hold out the last `fraction` of every training document; scored on every prediction in the tail. */
      rule: 'fraction';
      fraction: number;
    };

/** Which held-out tokens score validation perplexity, and how they are scored. */
export type ValidationConfig = ValidationRule & { stream: ValidationStream };

/** A held-out test set: documents `from` … `from` + count − 1 (file numbers), after every training and vocabulary
 *  document, scored after each validated epoch; it chooses nothing. */
export interface TestSetConfig {
  from: number;
  count: number;
  /** At most this many one-step predictions scored per document, from its start; null = all (N − 1). */
  tokens_per_document: number | null;
}

export interface CorpusConfig {
  /** Directory of NNN.txt files; null = $RNNLAB_CORPUS_DIR, else the project's data/grimm (fetched on first use). */
  path: string | null;
  /** Train on the first N documents (book: 20 or 100). */
  documents: number;
  /** Count the vocabulary over the first N documents (book: 100, whatever `documents` is). */
  vocabulary_documents: number;
  /** Character n-gram size of a token (book: 2, non-overlapping). */
  ngram: NgramSize;
  /** Keep tokens seen more than this many times; the rest map to UNK (book: 10). */
  min_count: number;
  validation: ValidationConfig;
  /** The held-out test set; null = none (the default, and every run before the key existed). */
  test: TestSetConfig | null;
  /** Batch cursor layout: `book` (cursors run past their segment, as the notebook's code does)
   *  or `segments` (each cursor cycles inside its own segment, as its comments describe). */
  layout: 'book' | 'segments';
}

export type ModelType = 'rnn' | 'rnncf' | 'stacked' | 'lstm';

export interface ModelConfig {
  type: ModelType;
  /** Hidden units (rnn, rnncf, lstm). */
  hidden: number;
  /** Context units of RNN-CF (0 turns the context path off). */
  context: number;
  /** RNN-CF context decay: s_t = (1-alpha)·x_t B + alpha·s_{t-1}. */
  alpha: number;
  /** RNN-CF: learn one alpha per context unit, kept in (0, 1). */
  learn_alpha: boolean;
  /** RNN-CF hidden activation; resolved: `book` variant → tanh, `paper` → sigmoid unless set. */
  activation: 'tanh' | 'sigmoid';
  /** RNN-CF: `book` = the notebook's training graph (see README), `paper` = Mikolov et al. 2015. */
  variant: 'book' | 'paper';
  /** Stacked RNN layer sizes, bottom first (book: [128, 64, 32]). */
  layers: number[];
  /** Add bias vectors (the book has none). */
  bias: boolean;
  /** Standard deviation of the truncated-normal weight init (book: 0.02). */
  init_std: number;
  /** LSTM forget-gate bias. */
  forget_bias: number;
}

export interface TrainConfig {
  /** Truncated-BPTT length: batch steps per update (book: 50). */
  num_unroll: number;
  /** Parallel cursors per document (book: 64). */
  batch_size: number;
  optimizer: 'adam';
  learning_rate: number; // book: 0.001
  /** Clip gradients to this global norm; 0 = no clipping (book: 5). */
  clip_norm: number;
  /** `book`: num_steps × docs_per_step documents × updates_per_document updates; `tokens`: the same steps and
   *  documents, updates per document from tokens_per_step (equal training tokens at any num_unroll); `epochs`: full passes. */
  schedule: 'book' | 'tokens' | 'epochs';
  num_steps: number; // book: 26
  docs_per_step: number; // book: 5 (20 documents) or 10 (100 documents)
  updates_per_document: number; // book: 100; schedule book only
  /** Training predictions per step (schedule tokens; null under the others). */
  tokens_per_step: number | null;
  epochs: number; // schedule: epochs only
  /** When training state returns to zeros: after every document (book) or once per step (three-layer notebook). */
  state_reset: 'document' | 'step';
  /** Validate and generate after epochs 1, 1 + N, 1 + 2N, … (book: 1; three-layer notebook: 5). */
  validate_every: number;
}

export interface GenerationConfig {
  /** Tokens per generated segment (book: 1000). */
  length: number;
  /** Segments generated after each epoch (book: 1). */
  segments: number;
  decoding: 'greedy' | 'sample' | 'top_k';
  temperature: number;
  top_k: number;
  /** State after each segment: truncated-normal noise with noise_std (book) or zeros. */
  reset: 'noise' | 'zeros';
  noise_std: number; // book: 0.01
  /** Seed text; null = the book's rule (random document, random token among its first 100). */
  seed_text: string | null;
  /** Samples for text measures, generated once training ends; null = none. */
  measure: MeasureConfig | null;
}

/** generation.measure: `samples` samples per checkpoint in `at` and decoding, each from its own seed text. */
export interface MeasureConfig {
  samples: number;
  /** Tokens per sample. */
  length: number;
  decodings: GenerationConfig['decoding'][];
  temperature: number;
  top_k: number;
  /** `best`: the best validation epoch's weights; `final`: those after the last epoch. */
  at: ('best' | 'final')[];
}

/** One fully resolved run: every default filled in, one grid point, one seed. */
export interface RunConfig {
  corpus: CorpusConfig;
  model: ModelConfig;
  train: TrainConfig;
  generation: GenerationConfig;
  seed: number;
}

/** Compute backends a run can use; `auto` picks tensorflow (tfjs-node) if installed, else wasm, else cpu. */
export type BackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu' | 'native';
