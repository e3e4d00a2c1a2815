// Batch cursors: the book layout's jump-back, the segments layout's cycling, continuation across unrolled batches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBatchCursors, nextUnrolledBatch, resetBatchCursors } from '../../src/corpus/batch-cursors.js';
import { UserError } from '../../src/config/user-error.js';

// Tokens 10…19: N = 10, B = 3 → segment 3, starts 0, 3, 6.
const tokens = Int32Array.from({ length: 10 }, (_, i) => 10 + i);

test('book layout: cursors start at b·⌊N/B⌋ and a cursor whose c+1 reaches N jumps back to its own start', () => {
  const cursors = createBatchCursors(tokens, 3, 'book');
  assert.deepEqual([...cursors.starts], [0, 3, 6]);
  const first = nextUnrolledBatch(cursors, 4);
  // cursor 0 reads 0,1,2,3; cursor 1 reads 3,4,5,6 (past its segment); cursor 2 reads 6,7,8 then jumps 9 → 6.
  // Element t·B + b.
  assert.deepEqual([...first.inputs], [10, 13, 16, 11, 14, 17, 12, 15, 18, 13, 16, 16]);
  assert.deepEqual([...first.targets], [11, 14, 17, 12, 15, 18, 13, 16, 19, 14, 17, 17]);
  assert.deepEqual([...cursors.positions], [4, 7, 7]);
  // The next unrolled batch continues where this one ended.
  const second = nextUnrolledBatch(cursors, 2);
  assert.deepEqual([...second.inputs], [14, 17, 17, 15, 18, 18]);
  assert.deepEqual([...second.targets], [15, 18, 18, 16, 19, 19]);
  assert.deepEqual([...cursors.positions], [6, 9, 9]);
});

test('segments layout: each cursor cycles over the pairs inside its own segment only', () => {
  const cursors = createBatchCursors(tokens, 3, 'segments');
  const { inputs, targets } = nextUnrolledBatch(cursors, 4);
  // cursor 0 reads 0,1,0,1 (2+1 reaches its segment end 3); cursor 1 reads 3,4,3,4; cursor 2 reads 6,7,6,7.
  assert.deepEqual([...inputs], [10, 13, 16, 11, 14, 17, 10, 13, 16, 11, 14, 17]);
  assert.deepEqual([...targets], [11, 14, 17, 12, 15, 18, 11, 14, 17, 12, 15, 18]);
  assert.deepEqual([...cursors.positions], [2, 5, 8]);
});

test('segments layout never reads outside a segment; the book layout does', () => {
  const long = Int32Array.from({ length: 103 }, (_, i) => i); // token value = its position
  const segment = Math.floor(103 / 4);
  for (const layout of ['segments', 'book'] as const) {
    const cursors = createBatchCursors(long, 4, layout);
    const { inputs, targets } = nextUnrolledBatch(cursors, 200);
    let outside = 0;
    for (let i = 0; i < inputs.length; i++) {
      const b = i % 4;
      assert.equal(targets[i], inputs[i] + 1);
      if (inputs[i] < b * segment || targets[i] >= (b + 1) * segment) outside++;
    }
    if (layout === 'segments') assert.equal(outside, 0);
    else assert.ok(outside > 0);
  }
});

test('book layout matches a line-by-line transcription of the notebook generator over many batches', () => {
  const text = Int32Array.from({ length: 157 }, (_, i) => (i * 7919) % 97);
  const batchSize = 8;
  // The notebook's DataGeneratorOHE.next_batch, transcribed.
  const segments = Math.floor(text.length / batchSize);
  const cursor = Array.from({ length: batchSize }, (_, offset) => offset * segments);
  const nextBatch = () => {
    const data: number[] = [];
    const labels: number[] = [];
    for (let b = 0; b < batchSize; b++) {
      if (cursor[b] + 1 >= text.length) cursor[b] = b * segments;
      data.push(text[cursor[b]]);
      labels.push(text[cursor[b] + 1]);
      cursor[b] = (cursor[b] + 1) % text.length;
    }
    return { data, labels };
  };
  const cursors = createBatchCursors(text, batchSize, 'book');
  for (let update = 0; update < 30; update++) {
    const { inputs, targets } = nextUnrolledBatch(cursors, 7);
    for (let t = 0; t < 7; t++) {
      const { data, labels } = nextBatch();
      assert.deepEqual([...inputs.subarray(t * batchSize, (t + 1) * batchSize)], data);
      assert.deepEqual([...targets.subarray(t * batchSize, (t + 1) * batchSize)], labels);
    }
  }
});

test('resetBatchCursors puts every cursor back at its start', () => {
  const cursors = createBatchCursors(tokens, 3, 'book');
  nextUnrolledBatch(cursors, 5);
  resetBatchCursors(cursors);
  assert.deepEqual([...cursors.positions], [0, 3, 6]);
});

test('a document too short for its cursors is a user error', () => {
  assert.throws(() => createBatchCursors(tokens.subarray(0, 3), 3, 'book'), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(
      error.message,
      'corpus.layout book: a training document of 3 tokens is too short for batch_size 3 (the book layout needs at ' +
        'least batch_size + 1 = 4 tokens); lower train.batch_size or use longer documents',
    );
    return true;
  });
  assert.throws(() => createBatchCursors(tokens.subarray(0, 5), 3, 'segments'), {
    message:
      'corpus.layout segments: a training document of 5 tokens is too short for batch_size 3 (the segments layout ' +
      'needs at least 2 × batch_size = 6 tokens); lower train.batch_size or use longer documents',
  });
  assert.doesNotThrow(() => createBatchCursors(tokens.subarray(0, 4), 3, 'book'));
  assert.doesNotThrow(() => createBatchCursors(tokens.subarray(0, 6), 3, 'segments'));
});
