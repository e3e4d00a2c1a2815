// parseSlurmTime: every form sbatch --time accepts, in seconds; anything else a UserError naming the flag and the forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSlurmTime } from '../../src/cluster/parse-slurm-time.js';

test('the six sbatch forms', () => {
  assert.equal(parseSlurmTime('90'), 90 * 60); // minutes
  assert.equal(parseSlurmTime('5:30'), 5 * 60 + 30); // minutes:seconds
  assert.equal(parseSlurmTime('4:00:00'), 4 * 3600); // hours:minutes:seconds
  assert.equal(parseSlurmTime('1-12'), 86400 + 12 * 3600); // days-hours
  assert.equal(parseSlurmTime('2-3:04'), 2 * 86400 + 3 * 3600 + 4 * 60); // days-hours:minutes
  assert.equal(parseSlurmTime('0-0:01:05'), 65); // days-hours:minutes:seconds
});

test('bad limits name --time, quote the value and list the forms', () => {
  const forms = 'use M, M:S, H:M:S, D-H, D-H:M or D-H:M:S (e.g. 90, 4:00:00, 1-12)';
  for (const text of ['4h', '1:2:3:4', '', '-5', '1-', '1.5', 'infinite']) {
    assert.throws(() => parseSlurmTime(text), { name: 'UserError', message: `--time "${text}": not a Slurm time limit; ${forms}` });
  }
  assert.throws(() => parseSlurmTime('0:00'), { name: 'UserError', message: '--time "0:00": must be longer than zero' });
});
