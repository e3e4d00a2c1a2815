// What a run trains, independent of the experiment that names it: equal identities train the same updates on the same data.
import { canonicalJson } from './canonical-json.js';
import { canonicalRunForm } from './run-id.js';
import type { RunConfig } from './run-config.js';
import { updatesPerDocument } from './updates-per-document.js';

/**
 * The canonical JSON of a run's training: its config in the run id's canonical form (corpus by digest, keys added since
 * at their old values left out), without the experiment's name, and with the two fixed-update schedules made one.
 * `book` with U updates per document and `tokens` whose budget buys U updates per document train identically (the
 * trainer only asks updatesPerDocument), so both become `{schedule: "updates", updates_per_document: U}`. Two runs
 * with equal identities, the same seed included, compute the same numbers on the same backend: one can stand for the
 * other (`rnnlab run --reuse`).
 */
export function trainingIdentity(config: RunConfig, corpusDigest: string): string {
  const form = canonicalRunForm(config, corpusDigest) as { train: Record<string, unknown> };
  if (config.train.schedule === 'book' || config.train.schedule === 'tokens') {
    form.train.schedule = 'updates';
    form.train.updates_per_document = updatesPerDocument(config.train);
    delete form.train.tokens_per_step;
  }
  return canonicalJson(form);
}
