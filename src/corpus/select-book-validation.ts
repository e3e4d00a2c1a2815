// The book's choice of validation documents: the first `count` in file order with more than `threshold` tokens.

/** The threshold of the book's rule: (num_steps + 1) × tokens_per_document (27 × 100 = 2700 in chapter 6). */
export function bookValidationThreshold(numSteps: number, tokensPerDocument: number): number {
  return (numSteps + 1) * tokensPerDocument;
}

/**
 * Indexes (into `tokenCounts`, file order) of the first `count` documents whose token count is greater than
 * `threshold`, as the notebook's `long_doc_ids` loop picks them; fewer when fewer qualify.
 */
export function selectBookValidation(tokenCounts: readonly number[], count: number, threshold: number): number[] {
  const picked: number[] = [];
  for (let i = 0; i < tokenCounts.length && picked.length < count; i++) {
    if (tokenCounts[i] > threshold) picked.push(i);
  }
  return picked;
}
