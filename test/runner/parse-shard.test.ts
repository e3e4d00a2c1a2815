// parseShard: --shard I/N, --shard auto under Slurm arrays and Kubernetes Indexed Jobs, and every bad input's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShard } from '../../src/runner/parse-shard.js';
import { UserError } from '../../src/config/user-error.js';

function error(text: string, shards: string | undefined, env: Record<string, string> = {}): string {
  try {
    parseShard(text, shards, env);
  } catch (caught) {
    assert.ok(caught instanceof UserError, `expected a UserError, got ${String(caught)}`);
    assert.equal(caught.exitCode, 2);
    return caught.message;
  }
  throw new Error(`parseShard(${text}) did not throw`);
}

test('I/N: 0-based index below the count', () => {
  assert.deepEqual(parseShard('0/1', undefined, {}), { index: 0, count: 1, source: '0/1' });
  assert.deepEqual(parseShard('2/3', undefined, {}), { index: 2, count: 3, source: '2/3' });
  assert.deepEqual(parseShard('11/12', undefined, {}), { index: 11, count: 12, source: '11/12' });
});

test('I/N: malformed, out of range, zero shards', () => {
  assert.equal(error('3/3', undefined), '--shard 3/3: the shard index must be below the shard count (0 to 2 for 3 shards)');
  assert.equal(error('1/1', undefined), '--shard 1/1: the shard index must be below the shard count (0 to 0 for 1 shard)');
  assert.equal(error('1/0', undefined), '--shard 1/0: the shard count must be at least 1');
  for (const bad of ['x', '1', '-1/3', '1/3/4', '1.5/3', ' 1/3', '']) {
    assert.equal(error(bad, undefined), `--shard must be I/N (shard I of N, counted from 0, e.g. 0/4) or auto; got "${bad}"`);
  }
  assert.equal(error('1/3', '3'), '--shards goes with --shard auto (Kubernetes Indexed Jobs); with --shard 1/3 the count is in it');
});

test('auto under Slurm: ID and COUNT, or ID − MIN of MAX − MIN + 1', () => {
  assert.deepEqual(parseShard('auto', undefined, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3' }), {
    index: 2,
    count: 3,
    source: 'auto: SLURM_ARRAY_TASK_ID=2, SLURM_ARRAY_TASK_COUNT=3',
  });
  // An array submitted as --array=1-4: ID 1..4 are shards 0..3.
  const oneBased = { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4' };
  assert.deepEqual(parseShard('auto', undefined, oneBased), {
    index: 3,
    count: 4,
    source: 'auto: SLURM_ARRAY_TASK_ID=4, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_MAX=4',
  });
  const all = { ...oneBased, SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4' };
  assert.equal(parseShard('auto', '4', all).index, 0);
  // Slurm wins over a stray Kubernetes variable.
  assert.equal(parseShard('auto', undefined, { ...all, JOB_COMPLETION_INDEX: '3' }).index, 0);
});

test('auto under Slurm: bad environments', () => {
  assert.equal(
    error('auto', undefined, { SLURM_ARRAY_TASK_ID: '2' }),
    '--shard auto: SLURM_ARRAY_TASK_ID is 2 but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MIN and ' +
      'SLURM_ARRAY_TASK_MAX are set, so the number of shards is unknown; give it explicitly: --shard I/N',
  );
  assert.equal(
    error('auto', undefined, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '8', SLURM_ARRAY_TASK_COUNT: '5' }),
    '--shard auto: the Slurm array is not contiguous (tasks 0-8 but SLURM_ARRAY_TASK_COUNT=5); submit it as --array=0-N-1 (no step, no gaps) so every shard has one task',
  );
  assert.equal(
    error('auto', undefined, { SLURM_ARRAY_TASK_ID: 'two', SLURM_ARRAY_TASK_COUNT: '3' }),
    '--shard auto: SLURM_ARRAY_TASK_ID must be a non-negative integer; got "two"',
  );
  assert.equal(
    error('auto', undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3' }),
    '--shard auto: SLURM_ARRAY_TASK_ID=3, SLURM_ARRAY_TASK_COUNT=3: the shard index must be below the shard count (0 to 2 for 3 shards)',
  );
  assert.equal(
    error('auto', '4', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '3' }),
    "--shard auto: SLURM_ARRAY_TASK_ID=0, SLURM_ARRAY_TASK_COUNT=3: --shards 4 disagrees with the Slurm array's 3 tasks",
  );
});

test('auto under a Kubernetes Indexed Job: JOB_COMPLETION_INDEX and --shards', () => {
  assert.deepEqual(parseShard('auto', '5', { JOB_COMPLETION_INDEX: '4' }), {
    index: 4,
    count: 5,
    source: 'auto: JOB_COMPLETION_INDEX=4, --shards 5',
  });
  assert.equal(
    error('auto', undefined, { JOB_COMPLETION_INDEX: '1' }),
    "--shard auto: in a Kubernetes Indexed Job (JOB_COMPLETION_INDEX=1) the number of shards must be given too: --shards N (the Job's completions)",
  );
  assert.equal(
    error('auto', '2', { JOB_COMPLETION_INDEX: '2' }),
    '--shard auto: JOB_COMPLETION_INDEX=2, --shards 2: the shard index must be below the shard count (0 to 1 for 2 shards)',
  );
  assert.equal(error('auto', '0', { JOB_COMPLETION_INDEX: '0' }), '--shards must be a positive integer; got "0"');
  assert.equal(error('auto', 'x', { JOB_COMPLETION_INDEX: '0' }), '--shards must be a positive integer; got "x"');
});

test('auto outside any scheduler is an error that says what was looked for', () => {
  const message =
    '--shard auto: not inside a Slurm array job (SLURM_ARRAY_TASK_ID is unset) nor a Kubernetes Indexed Job ' +
    '(JOB_COMPLETION_INDEX is unset); outside a scheduler give the shard explicitly, e.g. --shard 0/4';
  assert.equal(error('auto', undefined, {}), message);
  assert.equal(error('auto', undefined, { SLURM_ARRAY_TASK_ID: '', JOB_COMPLETION_INDEX: '' }), message);
});
