// The book's own printed results (its saved chapter-6 notebook, step 26), to set beside a reproduction's numbers.

export interface BookFigure {
  modelType: 'rnn' | 'rnncf';
  documents: number;
  finalTrainPerplexity: number;
  finalValidPerplexity: number;
  bestValidPerplexity: number;
  bestStep: number;
}

/** One run each (the notebook fixes no seed). */
export const BOOK_FIGURES: readonly BookFigure[] = [
  { modelType: 'rnn', documents: 20, finalTrainPerplexity: 6.97, finalValidPerplexity: 54.36, bestValidPerplexity: 32.86, bestStep: 4 },
  { modelType: 'rnncf', documents: 100, finalTrainPerplexity: 10.01, finalValidPerplexity: 37.89, bestValidPerplexity: 29.78, bestStep: 24 },
];
