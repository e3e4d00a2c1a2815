// Checks, before any training, that a schema-valid run can actually run on its prepared corpus.
import type { RunConfig } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import { predictionsPerUpdateRound, updatesPerDocument } from '../config/updates-per-document.js';
import type { PreparedCorpus } from '../corpus/prepared-corpus.js';

/** Throws a UserError naming the document or value that makes the run impossible. */
export function checkRunnable(config: RunConfig, corpus: PreparedCorpus): void {
  const { train, model, generation } = config;
  const vocabSize = corpus.vocabulary.tokens.length;
  if (vocabSize < 2) {
    throw new UserError(
      `corpus: the vocabulary has ${vocabSize} token (UNK only); nothing can be learned ` +
        `(lower corpus.min_count, now ${config.corpus.min_count}, or use more corpus.vocabulary_documents)`,
    );
  }
  if (corpus.train.length === 0) throw new UserError('corpus.documents: no training documents');
  const needed = config.corpus.layout === 'book' ? train.batch_size + 1 : 2 * train.batch_size;
  for (const doc of corpus.train) {
    if (doc.tokens.length < needed) {
      throw new UserError(
        `${doc.name}: training document has ${doc.tokens.length} tokens after its validation tail is removed; ` +
          `train.batch_size ${train.batch_size} with corpus.layout ${config.corpus.layout} needs at least ${needed}`,
      );
    }
  }
  if (train.schedule === 'tokens' && !(updatesPerDocument(train) >= 1)) {
    // The config checks refuse this first; here for configs built in code.
    throw new UserError(
      `train.tokens_per_step: schedule tokens needs a positive multiple of docs_per_step × num_unroll × batch_size = ` +
        `${predictionsPerUpdateRound(train)}; got ${train.tokens_per_step}`,
    );
  }
  if (train.schedule !== 'epochs' && train.docs_per_step > corpus.train.length) {
    throw new UserError(
      `train.docs_per_step is ${train.docs_per_step} but there are only ${corpus.train.length} training documents ` +
        `(corpus.documents ${config.corpus.documents})`,
    );
  }
  if (corpus.validation.length === 0) {
    const rule = config.corpus.validation;
    throw new UserError(
      rule.rule === 'book'
        ? `corpus.validation: no validation document; the book rule needs documents with more than ` +
            `(train.num_steps + 1) × tokens_per_document = ${(train.num_steps + 1) * rule.tokens_per_document} tokens`
        : `corpus.validation: no validation document (fraction ${rule.fraction} leaves no held-out tokens)`,
    );
  }
  corpus.validation.forEach((doc, i) => {
    const predictions = corpus.validationPredictions[i];
    if (!(predictions >= 1) || predictions > doc.tokens.length - 1) {
      throw new UserError(
        `${doc.name}: validation sequence of ${doc.tokens.length} tokens cannot score ${predictions} predictions ` +
          `(needs 1 to ${Math.max(0, doc.tokens.length - 1)})`,
      );
    }
  });
  if (model.type === 'stacked' && model.layers.length === 0) throw new UserError('model.layers: a stacked model needs at least one layer');
  // A fixed alpha of 0 (the context is the current input's embedding, no memory) or 1 is a legitimate ablation
  // (experiments/ablation-alpha.yaml sweeps 0); only a learned alpha, kept as a logit, needs 0 < alpha < 1.
  if (model.type === 'rnncf' && model.context > 0 && model.learn_alpha && !(model.alpha > 0 && model.alpha < 1)) {
    throw new UserError(`model.alpha: must be strictly between 0 and 1 when learn_alpha is true; got ${model.alpha}`);
  }
  if (generation.segments > 0) { // the schema's generation.length is at least 1
    if (generation.seed_text !== null) {
      if (Array.from(generation.seed_text).length < config.corpus.ngram) {
        throw new UserError(
          `generation.seed_text: "${generation.seed_text}" is shorter than one token (corpus.ngram ${config.corpus.ngram} characters)`,
        );
      }
    } else if (corpus.seedDocuments.every((doc) => doc.tokens.length === 0)) {
      throw new UserError('generation.seed_text: null needs a document to draw the seed from, but every document is empty');
    }
  }
  if (generation.measure !== null && corpus.seedDocuments.every((doc) => doc.tokens.length === 0)) {
    throw new UserError('generation.measure: needs a document to draw seed texts from, but every document is empty');
  }
}
