// Builds one run's RunConfig from its validated, default-filled sections: rule-specific fields, activation, paths.
import { isAbsolute, resolve } from 'node:path';
import type {
  CorpusConfig,
  GenerationConfig,
  MeasureConfig,
  ModelConfig,
  RunConfig,
  TestSetConfig,
  TrainConfig,
  ValidationConfig,
} from './run-config.js';

/** Sections after fillDefaults: every key with a schema default is present. */
export interface FilledSections {
  corpus: Record<string, unknown>;
  model: Record<string, unknown>;
  train: Record<string, unknown>;
  generation: Record<string, unknown>;
}

function resolveValidation(v: Record<string, unknown>): ValidationConfig {
  // The schema lists the fields of both rules (each with a default); a run keeps only its rule's fields.
  const stream = v.stream as ValidationConfig['stream'];
  if (v.rule === 'fraction') return { rule: 'fraction', fraction: v.fraction as number, stream };
  return { rule: 'book', documents: v.documents as number, tokens_per_document: v.tokens_per_document as number, stream };
}

function resolveMeasure(m: Record<string, unknown>): MeasureConfig {
  return {
    samples: m.samples as number,
    length: m.length as number,
    decodings: m.decodings as MeasureConfig['decodings'],
    temperature: m.temperature as number,
    top_k: m.top_k as number,
    at: m.at as MeasureConfig['at'],
  };
}

function resolveTestSet(t: Record<string, unknown> | null | undefined): TestSetConfig | null {
  if (t === null || t === undefined || typeof t !== 'object') return null;
  return { from: t.from as number, count: t.count as number, tokens_per_document: (t.tokens_per_document ?? null) as number | null };
}

/**
 * The resolved config of one run. `specDir` is the experiment file's folder: a relative corpus path is read
 * from there, so the same file works from any working directory.
 */
export function resolveRunConfig(sections: FilledSections, seed: number, specDir: string): RunConfig {
  const c = sections.corpus;
  const m = sections.model;
  const t = sections.train;
  const g = sections.generation;
  const path = c.path as string | null;
  const corpus: CorpusConfig = {
    path: path === null ? null : isAbsolute(path) ? path : resolve(specDir, path),
    documents: c.documents as number,
    vocabulary_documents: c.vocabulary_documents as number,
    ngram: c.ngram as CorpusConfig['ngram'],
    min_count: c.min_count as number,
    validation: resolveValidation(c.validation as Record<string, unknown>),
    test: resolveTestSet(c.test as Record<string, unknown> | null),
    layout: c.layout as CorpusConfig['layout'],
  };
  const variant = m.variant as ModelConfig['variant'];
  const model: ModelConfig = {
    type: m.type as ModelConfig['type'],
    hidden: m.hidden as number,
    context: m.context as number,
    alpha: m.alpha as number,
    learn_alpha: m.learn_alpha as boolean,
    // No schema default: the right activation depends on the variant (the notebook's graph uses tanh).
    activation: (m.activation as ModelConfig['activation'] | undefined) ?? (variant === 'book' ? 'tanh' : 'sigmoid'),
    variant,
    // Guarded because cross-field rules also run on sections with (unrelated) schema errors.
    layers: Array.isArray(m.layers) ? [...(m.layers as number[])] : [],
    bias: m.bias as boolean,
    init_std: m.init_std as number,
    forget_bias: m.forget_bias as number,
  };
  const train: TrainConfig = {
    num_unroll: t.num_unroll as number,
    batch_size: t.batch_size as number,
    optimizer: t.optimizer as TrainConfig['optimizer'],
    learning_rate: t.learning_rate as number,
    clip_norm: t.clip_norm as number,
    schedule: t.schedule as TrainConfig['schedule'],
    num_steps: t.num_steps as number,
    docs_per_step: t.docs_per_step as number,
    updates_per_document: t.updates_per_document as number,
    // Only the tokens schedule reads it; null elsewhere, so a base config shared by a grid over train.schedule
    // leaves the other schedules' runs (and their ids) as if the key were not written.
    tokens_per_step: t.schedule === 'tokens' ? (t.tokens_per_step as number | null) : null,
    epochs: t.epochs as number,
    state_reset: t.state_reset as TrainConfig['state_reset'],
    validate_every: t.validate_every as number,
  };
  const generation: GenerationConfig = {
    length: g.length as number,
    segments: g.segments as number,
    decoding: g.decoding as GenerationConfig['decoding'],
    temperature: g.temperature as number,
    top_k: g.top_k as number,
    reset: g.reset as GenerationConfig['reset'],
    noise_std: g.noise_std as number,
    seed_text: g.seed_text as string | null,
    measure: g.measure == null ? null : resolveMeasure(g.measure as Record<string, unknown>),
  };
  return { corpus, model, train, generation, seed };
}
