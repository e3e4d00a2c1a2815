// readRunStates: the fingerprint changes with any result (epoch metric, per-document row, sample, status) and
// ignores what differs between two trainings of the same run (timings, host, pid, dates).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readRunStates } from '../../src/store/read-run-states.js';
import { writeShard } from '../helpers/shard-fixtures.js';

test('fingerprints: results count, timings and owners do not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-states-'));
  try {
    const original = join(dir, 'a.sqlite');
    writeShard(original, [
      { id: 'run-1', seed: 1, status: 'finished', valid: [9, 8] },
      { id: 'run-2', seed: 2, status: 'interrupted', valid: [7] },
    ]);
    const fingerprintAfter = (sql: string): string => {
      const copy = join(dir, 'copy.sqlite');
      copyFileSync(original, copy);
      const db = new Database(copy);
      try {
        db.exec(sql);
        return readRunStates(db).get('run-1')!.fingerprint;
      } finally {
        db.close();
        rmSync(copy);
      }
    };
    const db = new Database(original, { readonly: true });
    const states = readRunStates(db);
    assert.deepEqual(readRunStates(db, ['run-2']).get('run-2'), states.get('run-2'));
    assert.equal(readRunStates(db, ['run-2']).has('run-1'), false);
    db.close();
    const base = states.get('run-1')!;
    assert.deepEqual({ ...base, fingerprint: '' }, { experiment: 'sweep', status: 'finished', epochs: 2, fingerprint: '' });
    assert.equal(states.get('run-2')!.epochs, 1);

    const same = [
      `UPDATE epochs SET duration_ms = 1, tokens_per_sec = 2 WHERE run_id = 'run-1'`,
      `UPDATE runs SET host = 'other', pid = 1, started_at = 'x', finished_at = 'y', heartbeat_at = 'z', attempts = 5 WHERE id = 'run-1'`,
      `UPDATE epochs SET valid_perplexity = 1 WHERE run_id = 'run-2'`,
    ];
    for (const sql of same) assert.equal(fingerprintAfter(sql), base.fingerprint, sql);
    const different = [
      `UPDATE epochs SET valid_perplexity = 8.000000000000002 WHERE run_id = 'run-1' AND epoch = 2`,
      `UPDATE epochs SET train_loss_nats = 9e999 WHERE run_id = 'run-1' AND epoch = 1`,
      `UPDATE document_perplexities SET updates = 5 WHERE run_id = 'run-1' AND epoch = 1`,
      `UPDATE samples SET text = 'other text' WHERE run_id = 'run-1' AND epoch = 2`,
      `UPDATE runs SET status = 'diverged' WHERE id = 'run-1'`,
      `DELETE FROM samples WHERE run_id = 'run-1' AND epoch = 1`,
    ];
    const seen = new Set([base.fingerprint]);
    for (const sql of different) {
      const fingerprint = fingerprintAfter(sql);
      assert.ok(!seen.has(fingerprint), sql);
      seen.add(fingerprint);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
