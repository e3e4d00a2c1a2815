// The book's own printed results (its saved chapter-6 notebook, step 26), to set beside a reproduction's numbers.

export interface BookFigure {
  modelType: 'rnn' | 'rnncf';
  documents: number;
  finalTrainPerplexity: number;
  finalValidPerplexity: number;
  bestValidPerplexity: number;
  bestStep: number;
  /** The notebook's settings behind the figure, by dotted config path (plus UPDATES_PER_DOCUMENT): a grid point is
   *  set beside it only when its runs have every one of them (matchBookFigure). */
  setting: Readonly<Record<string, unknown>>;
}

/** A setting key that is not a config path: updates per document, however the schedule spells it (book or tokens). */
export const UPDATES_PER_DOCUMENT = 'updates per document';

/** What both of the notebook's single-layer models share (its code, not its prose: BOOK-PROTOCOL). */
const NOTEBOOK: Readonly<Record<string, unknown>> = {
  'corpus.vocabulary_documents': 100,
  'corpus.ngram': 2,
  'corpus.min_count': 10,
  'corpus.layout': 'book',
  'corpus.validation.rule': 'book',
  'corpus.validation.documents': 10,
  'corpus.validation.tokens_per_document': 100,
  'corpus.validation.stream': 'per_document',
  'model.hidden': 64,
  'model.bias': false,
  'model.init_std': 0.02,
  'train.num_unroll': 50,
  'train.batch_size': 64,
  'train.optimizer': 'adam',
  'train.learning_rate': 0.001,
  'train.clip_norm': 5,
  'train.num_steps': 26,
  [UPDATES_PER_DOCUMENT]: 100,
  'train.state_reset': 'document',
};

/** The notebook's RNN-CF on top of that: its context path as coded (variant book). */
const NOTEBOOK_RNNCF: Readonly<Record<string, unknown>> = {
  ...NOTEBOOK,
  'model.context': 64,
  'model.alpha': 0.9,
  'model.learn_alpha': false,
  'model.variant': 'book',
  'model.activation': 'tanh', // RNN-CF's alone: the plain RNN is tanh whatever this key says
};

/** One run each (the notebook fixes no seed). */
export const BOOK_FIGURES: readonly BookFigure[] = [
  {
    modelType: 'rnn', documents: 20, finalTrainPerplexity: 6.97, finalValidPerplexity: 54.36, bestValidPerplexity: 32.86, bestStep: 4,
    setting: { ...NOTEBOOK, 'train.docs_per_step': 5 },
  },
  {
    modelType: 'rnncf', documents: 100, finalTrainPerplexity: 10.01, finalValidPerplexity: 37.89, bestValidPerplexity: 29.78, bestStep: 24,
    setting: { ...NOTEBOOK_RNNCF, 'train.docs_per_step': 10 },
  },
];
