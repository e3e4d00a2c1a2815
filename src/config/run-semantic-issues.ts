// Cross-field rules one run's config must satisfy beyond the schema (each value alone may be valid).
import type { RunConfig } from './run-config.js';

/** A rule broken by a combination of values; `paths` are the values involved, the one to point at first. */
export interface SemanticIssue {
  paths: string[][];
  message: string;
}

function has(raw: Record<string, unknown>, path: string[]): boolean {
  let current: unknown = raw;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return false;
    current = (current as Record<string, unknown>)[segment];
  }
  return true;
}

/**
 * `raw` is the run's sections as written (file, overrides and grid point merged, no defaults): it tells which
 * keys the user gave. `config` is the same run resolved.
 *
 * Deliberately allowed: vocabulary_documents < documents (a vocabulary counted on fewer documents than are
 * trained on is a legitimate ablation; the extra documents' rarer tokens become UNK), and values a model type
 * does not read (context for rnn, layers for lstm), so one base config can serve a grid over model.type.
 */
export function runSemanticIssues(raw: Record<string, unknown>, config: RunConfig): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  const { corpus, model, train } = config;
  if (model.variant === 'book' && model.activation === 'sigmoid') {
    issues.push({
      paths: [['model', 'activation'], ['model', 'variant']],
      message: `activation sigmoid needs variant paper; variant book is the notebook's graph, which uses tanh`,
    });
  }
  if (model.learn_alpha && (model.alpha <= 0 || model.alpha >= 1)) {
    issues.push({
      paths: [['model', 'alpha'], ['model', 'learn_alpha']],
      message: `must be > 0 and < 1 when learn_alpha is true (a learned alpha stays inside (0, 1)); got ${model.alpha}`,
    });
  }
  if (train.schedule === 'book' && train.docs_per_step > corpus.documents) {
    issues.push({
      paths: [['train', 'docs_per_step'], ['corpus', 'documents']],
      message: `train.docs_per_step (${train.docs_per_step}) is larger than corpus.documents (${corpus.documents}); each step draws docs_per_step different documents`,
    });
  }
  const rule = corpus.validation.rule;
  const otherRuleKeys = rule === 'book' ? ['fraction'] : ['documents', 'tokens_per_document'];
  for (const key of otherRuleKeys) {
    const path = ['corpus', 'validation', key];
    if (has(raw, path)) {
      issues.push({
        paths: [path, ['corpus', 'validation', 'rule']],
        message: `key "${key}" is only used by rule ${rule === 'book' ? 'fraction' : 'book'}; this validation rule is ${rule}`,
      });
    }
  }
  return issues;
}
