// The book's batch generator over one training document: B parallel cursors, unrolled batches of (input, target) ids.
import { UserError } from '../config/user-error.js';

/**
 * B cursors over one document of N tokens; segment = ⌊N / B⌋ and cursor b starts at starts[b] = b · segment.
 * - `book` layout (the notebook's code): before each read, a cursor with c + 1 >= N jumps back to its own start;
 *   so cursors run on past their segment into the next ones, and the document's tail is visited by many cursors.
 * - `segments` layout (what the notebook's comments describe): cursor b only ever reads inside
 *   [starts[b], starts[b] + segment): before each read, c + 1 >= starts[b] + segment jumps back to starts[b]. Each
 *   cursor thus cycles over the segment − 1 (input, target) pairs inside its segment; the pair straddling two segments
 *   and the last N − B · segment tokens are never used.
 * One BatchCursors per document, kept across visits to it: `positions` carries on where the last batch ended.
 */
export interface BatchCursors {
  readonly tokens: Int32Array;
  readonly batchSize: number;
  readonly layout: 'book' | 'segments';
  /** starts[b] = b · ⌊N / B⌋. */
  readonly starts: Int32Array;
  /** The token each cursor reads next (before the jump-back check). */
  positions: Int32Array;
}

/**
 * Cursors at their starts. Needs N > B tokens for `book` (else the last cursor would start on the last token, where the
 * notebook's code reads past the end) and N >= 2B for `segments` (at least one pair per segment).
 */
export function createBatchCursors(tokens: Int32Array, batchSize: number, layout: 'book' | 'segments'): BatchCursors {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new UserError(`train.batch_size: must be a positive integer; got ${batchSize}`);
  }
  const needed = layout === 'book' ? batchSize + 1 : 2 * batchSize;
  if (tokens.length < needed) {
    throw new UserError(
      `corpus.layout ${layout}: a training document of ${tokens.length} tokens is too short for batch_size ${batchSize} ` +
        `(the ${layout} layout needs at least ${layout === 'book' ? 'batch_size + 1' : '2 × batch_size'} = ${needed} tokens); ` +
        `lower train.batch_size or use longer documents`,
    );
  }
  const segment = Math.floor(tokens.length / batchSize);
  const starts = new Int32Array(batchSize);
  for (let b = 0; b < batchSize; b++) starts[b] = b * segment;
  return { tokens, batchSize, layout, starts, positions: starts.slice() };
}

/** Puts every cursor back at its start (the notebook's `reset_indices`). */
export function resetBatchCursors(cursors: BatchCursors): void {
  cursors.positions = cursors.starts.slice();
}

/**
 * The next `numUnroll` batch steps. inputs, targets: [numUnroll · batchSize], element t · batchSize + b is cursor b at
 * step t, targets being the token after each input. Advances `cursors.positions` by numUnroll (with jump-backs).
 */
export function nextUnrolledBatch(cursors: BatchCursors, numUnroll: number): { inputs: Int32Array; targets: Int32Array } {
  const { tokens, batchSize, starts, positions } = cursors;
  const segment = Math.floor(tokens.length / batchSize);
  const inputs = new Int32Array(numUnroll * batchSize);
  const targets = new Int32Array(numUnroll * batchSize);
  for (let b = 0; b < batchSize; b++) {
    const end = cursors.layout === 'book' ? tokens.length : starts[b] + segment;
    let c = positions[b];
    for (let t = 0; t < numUnroll; t++) {
      if (c + 1 >= end) c = starts[b];
      inputs[t * batchSize + b] = tokens[c];
      targets[t * batchSize + b] = tokens[c + 1];
      c += 1;
    }
    positions[b] = c;
  }
  return { inputs, targets };
}
