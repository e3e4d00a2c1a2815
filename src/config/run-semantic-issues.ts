// Cross-field rules one run's config must satisfy beyond the schema (each value alone may be valid).
import type { CorpusConfig, RunConfig, TrainConfig } from './run-config.js';
import { predictionsPerUpdateRound } from './updates-per-document.js';

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
  if (train.schedule === 'tokens') issues.push(...tokenBudgetIssues(train));
  if (train.schedule !== 'epochs' && train.docs_per_step > corpus.documents) {
    issues.push({
      paths: [['train', 'docs_per_step'], ['corpus', 'documents']],
      message: `train.docs_per_step (${train.docs_per_step}) is larger than corpus.documents (${corpus.documents}); each step draws docs_per_step different documents`,
    });
  }
  issues.push(...testSetIssues(corpus));
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

/** "101.txt" or "101.txt–120.txt": documents first … last. */
function documentRange(first: number, last: number): string {
  const name = (n: number) => `${String(n).padStart(3, '0')}.txt`;
  return first === last ? name(first) : `${name(first)}–${name(last)}`;
}

/**
 * corpus.test must hold only documents nothing else reads: none trained on (1 … documents, validation tails
 * included, since every validation document is read from 1 … max(documents, vocabulary_documents)) and none counted
 * into the vocabulary (1 … vocabulary_documents). Documents missing from the corpus are found when it is read.
 */
function testSetIssues(corpus: CorpusConfig): SemanticIssue[] {
  const test = corpus.test;
  if (test === null) return [];
  const last = test.from + test.count - 1;
  const issues: SemanticIssue[] = [];
  const clash = (limit: number, key: 'documents' | 'vocabulary_documents', what: string) => {
    if (test.from > limit) return;
    issues.push({
      paths: [['corpus', 'test', 'from'], ['corpus', key]],
      message:
        `test documents ${documentRange(test.from, Math.min(last, limit))} are ${what} (corpus.${key} ${limit}: ` +
        `${documentRange(1, limit)}); a test document must come after ${documentRange(1, limit)}, from ${limit + 1}`,
    });
  };
  if (test.from <= corpus.documents) clash(corpus.documents, 'documents', 'trained on or hold validation tails');
  else clash(corpus.vocabulary_documents, 'vocabulary_documents', 'counted into the vocabulary and may hold validation tails');
  return issues;
}

/** Schedule tokens: tokens_per_step must be given and split into whole updates on each of the step's documents. */
function tokenBudgetIssues(train: TrainConfig): SemanticIssue[] {
  const { tokens_per_step: budget, docs_per_step, num_unroll, batch_size } = train;
  const unit = predictionsPerUpdateRound(train);
  const product = `docs_per_step × num_unroll × batch_size = ${docs_per_step} × ${num_unroll} × ${batch_size} = ${unit}`;
  if (budget === null) {
    const book = unit * train.updates_per_document;
    return [
      {
        paths: [['train', 'tokens_per_step'], ['train', 'schedule']],
        message:
          `schedule tokens needs train.tokens_per_step (training predictions per step; no default, the budget is the ` +
          `experiment's choice), a multiple of ${product}; the book schedule spends ${book} at these settings ` +
          `(updates_per_document ${train.updates_per_document})`,
      },
    ];
  }
  if (budget % unit === 0) return [];
  const below = Math.floor(budget / unit);
  const nearest = (updates: number) => `${updates * unit} (${updates} update${updates === 1 ? '' : 's'} per document)`;
  return [
    {
      paths: [['train', 'tokens_per_step'], ['train', 'num_unroll'], ['train', 'docs_per_step'], ['train', 'batch_size']],
      message:
        `train.tokens_per_step ${budget} is not a multiple of ${product}, so it gives no whole number of updates per ` +
        `document (${Number((budget / unit).toFixed(3))}); nearest valid: ` +
        (below === 0 ? nearest(1) : `${nearest(below)} or ${nearest(below + 1)}`),
    },
  ];
}
