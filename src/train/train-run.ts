// Trains one run end to end (book, tokens or epoch schedule) and reports each epoch through callbacks; the runner's entry point.
import type { RunConfig } from '../config/run-config.js';
import { createBatchCursors, nextUnrolledBatch } from '../corpus/batch-cursors.js';
import type { PreparedCorpus, TokenDocument } from '../corpus/prepared-corpus.js';
import { buildModel, disposeModel } from '../models/build-model.js';
import { zeroState, type RecurrentModel, type State } from '../models/recurrent-model.js';
import { createSeededRandom, type SeededRandom } from '../models/seeded-random.js';
import type {
  DocumentPerplexity,
  EpochReport,
  GeneratedSample,
  MeasureSample,
  TrainingCallbacks,
  TrainingOutcome,
} from './training-events.js';
import { tf } from '../models/backend.js';
import {
  captureWeights,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  decodeWeights,
  saveCheckpoint,
  storeWeights,
  type Checkpoint,
  type StoredWeights,
} from './checkpoint.js';
import { UserError } from '../config/user-error.js';
import { updatesPerDocument } from '../config/updates-per-document.js';
import { runSeedStreams } from '../config/run-seed-streams.js';
import { checkRunnable } from './check-runnable.js';
import { drawSeedToken } from './draw-seed-token.js';
import { generateMeasureSamples } from './generate-measure-samples.js';
import { streamValidationLoss } from './stream-validation-loss.js';
import { encodeSeedText, formatTokens, generateTokens } from './generate-text.js';
import { createUpdateEngine, type EngineState } from './update-engine.js';
import { gradientGroups } from './gradient-groups.js';
import { createGradientTally } from './gradient-tally.js';
import { validationLoss } from './validation-loss.js';

export interface TrainRunOptions {
  /** The backend already initialised with initBackend (recorded in the outcome and checkpoint). */
  backend: string;
  /** Where to write the checkpoint (after every epoch); null/undefined = none. */
  checkpointPath?: string | null;
  /** Aborting stops training between two updates; trainRun then rejects with the signal's reason (an AbortError). */
  signal?: AbortSignal;
  /**
   * Continue from this checkpoint (of this run's config, backend and vocabulary, with a `resume` part): training
   * starts at epoch checkpoint.epoch + 1 and its epochs are bit-identical to those of a run never stopped.
   */
  resumeFrom?: Checkpoint | null;
}

/** One document's share of an epoch: which document and how many updates on it. */
interface DocumentVisit {
  index: number;
  updates: number;
}

/** The documents an epoch visits. Book and tokens: permutation(train docs)[:docs_per_step], each with
 *  updates_per_document updates (book) or tokens_per_step / (docs_per_step × num_unroll × batch_size) (tokens).
 *  Epochs: every document once in a seeded random order, enough updates for each cursor to cross its segment once. */
function planEpoch(config: RunConfig, train: TokenDocument[], random: SeededRandom): DocumentVisit[] {
  const { schedule, docs_per_step, batch_size, num_unroll } = config.train;
  const order = random.permutation(train.length);
  if (schedule !== 'epochs') {
    const updates = updatesPerDocument(config.train);
    return order.slice(0, docs_per_step).map((index) => ({ index, updates }));
  }
  return order.map((index) => {
    const segment = Math.floor(train[index].tokens.length / batch_size);
    return { index, updates: Math.max(1, Math.floor((segment - 1) / num_unroll)) };
  });
}

function noiseState(model: RecurrentModel, std: number, random: SeededRandom): State {
  return model.stateSizes.map((size) => {
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = random.truncatedNormal(std);
    return tf.tensor2d(values, [1, size]);
  });
}

function disposeState(state: State): void {
  for (const t of state) t.dispose();
}

/** Host copies of a state's tensors ([rows, size] each, row-major). */
function hostState(state: State): Float32Array[] {
  return state.map((t) => new Float32Array(t.dataSync() as Float32Array));
}

/** A state of `rows` rows from host copies; every array must hold rows × size values. `what` names it for errors. */
function uploadState(model: RecurrentModel, values: Float32Array[], rows: number, what: string): State {
  if (values.length !== model.stateSizes.length || values.some((v, i) => v.length !== rows * model.stateSizes[i])) {
    throw new UserError(
      `checkpoint: ${what} has sizes [${values.map((v) => v.length)}], the model expects [${model.stateSizes.map((size) => rows * size)}]`,
    );
  }
  return values.map((v, i) => tf.tensor2d(v, [rows, model.stateSizes[i]]));
}

/** Gives the event loop a turn, so an abort (e.g. from a signal handler) can land between updates. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function trainRun(
  config: RunConfig,
  corpus: PreparedCorpus,
  callbacks: TrainingCallbacks,
  options: TrainRunOptions,
): Promise<TrainingOutcome> {
  checkRunnable(config, corpus);
  const { train, generation } = config;
  const { num_unroll: numUnroll, batch_size: batchSize } = train;
  const vocabulary = corpus.vocabulary;
  // Independent streams, so e.g. changing the generation settings does not change the training numbers.
  const seeds = runSeedStreams(config);
  const scheduleRandom = createSeededRandom(seeds.dataOrder, 'schedule');
  const generationRandom = createSeededRandom(seeds.generation, 'generation');
  const noiseRandom = createSeededRandom(seeds.generation, 'generation-noise');
  // The streams drawn from after initialisation, by name: a checkpoint holds each one's state.
  const randomStreams: Record<string, SeededRandom> = {
    schedule: scheduleRandom,
    generation: generationRandom,
    'generation-noise': noiseRandom,
  };
  const model = buildModel(config.model, vocabulary.tokens.length, createSeededRandom(seeds.init, 'init'));
  // The engine owns Adam's state and the carried training state; under the native backend also the weights, which
  // it copies into the model's variables before validation, generation and checkpoints.
  const engine = createUpdateEngine(model, config.model, {
    numUnroll,
    batchSize,
    clipNorm: train.clip_norm,
    adam: { learningRate: train.learning_rate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  });
  const groups = gradientGroups(config.model, [...model.params.keys()]);
  const cursors = corpus.train.map((doc) => createBatchCursors(doc.tokens, batchSize, config.corpus.layout));
  const seedText = generation.seed_text === null ? null : encodeSeedText(generation.seed_text, vocabulary);
  const totalEpochs = train.schedule === 'epochs' ? train.epochs : train.num_steps;

  let generationState: State = zeroState(model.stateSizes, 1); // zeros before the very first segment of the run

  let bestEpoch: number | null = null;
  let bestValidPerplexity: number | null = null;
  let bestWeights: StoredWeights | null = null;
  let epochsDone = 0;
  let diverged = false;

  // The engine's whole state (weights, Adam, carried training state) goes into and comes back from a checkpoint.
  const captureEngineState = (): EngineState => engine.captureState();
  const restoreEngineState = (state: EngineState): void => {
    const sizes = model.stateSizes.map((size) => batchSize * size);
    if (state.trainState.length !== sizes.length || state.trainState.some((v, i) => v.length !== sizes[i])) {
      throw new UserError(
        `checkpoint: the carried training state has sizes [${state.trainState.map((v) => v.length)}], the model expects [${sizes}]`,
      );
    }
    engine.restoreState(state);
  };

  const writeCheckpoint = (): void => {
    if (!options.checkpointPath) return;
    const engine = captureEngineState();
    saveCheckpoint(options.checkpointPath, {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      config,
      vocabulary,
      backend: options.backend,
      epoch: epochsDone,
      bestEpoch,
      bestValidPerplexity,
      final: storeWeights(model, engine.weights),
      best: bestWeights,
      resume: {
        adam: engine.adam,
        trainState: engine.trainState,
        generation: hostState(generationState),
        cursors: cursors.map((c) => c.positions.slice()),
        random: Object.fromEntries(Object.entries(randomStreams).map(([name, random]) => [name, random.capture()])),
      },
    });
  };

  /** Puts the run back where `checkpoint` left it (after its epoch), checking that it belongs to this run. */
  const resumeFrom = (checkpoint: Checkpoint): void => {
    const source = 'checkpoint';
    const resume = checkpoint.resume;
    if (resume === null) throw new UserError(`${source}: version ${checkpoint.version} holds no resume state`);
    if (JSON.stringify(checkpoint.vocabulary.tokens) !== JSON.stringify(vocabulary.tokens)) {
      throw new UserError(`${source}: its vocabulary differs from the corpus's; start the run over with rnnlab run --restart`);
    }
    if (resume.cursors.length !== cursors.length || resume.cursors.some((p, i) => p.length !== cursors[i].positions.length)) {
      throw new UserError(`${source}: its batch cursors do not fit the ${cursors.length} training documents of this corpus`);
    }
    restoreEngineState({ weights: decodeWeights(model, checkpoint.final, source), adam: resume.adam, trainState: resume.trainState });
    const generation = uploadState(model, resume.generation, 1, 'the generation state');
    disposeState(generationState);
    generationState = generation;
    resume.cursors.forEach((positions, i) => (cursors[i].positions = positions.slice()));
    for (const [name, random] of Object.entries(randomStreams)) {
      const state = resume.random[name];
      if (state === undefined) throw new UserError(`${source}: no state for the random stream "${name}"`);
      random.restore(state);
    }
    epochsDone = checkpoint.epoch;
    bestEpoch = checkpoint.bestEpoch;
    bestValidPerplexity = checkpoint.bestValidPerplexity;
    bestWeights = checkpoint.best;
  };

  const generateSamples = (): GeneratedSample[] => {
    const samples: GeneratedSample[] = [];
    for (let k = 0; k < generation.segments; k++) {
      let seed: Int32Array;
      if (seedText !== null) seed = seedText;
      else seed = drawSeedToken(corpus.seedDocuments, generationRandom); // the book: among all documents read
      const ids = generateTokens(model, seed, generationState, {
        length: generation.length,
        decoding: generation.decoding,
        temperature: generation.temperature,
        topK: generation.top_k,
        random: generationRandom,
      });
      // After each segment the state becomes noise (the book) or zeros.
      disposeState(generationState);
      generationState =
        generation.reset === 'noise' ? noiseState(model, generation.noise_std, noiseRandom) : zeroState(model.stateSizes, 1);
      samples.push({
        seedText: generation.seed_text ?? formatTokens(seed, vocabulary),
        decoding: generation.decoding,
        text: formatTokens(ids, vocabulary),
      });
    }
    return samples;
  };

  try {
    if (options.resumeFrom) resumeFrom(options.resumeFrom);
    for (let epoch = epochsDone + 1; epoch <= totalEpochs && !diverged; epoch++) {
      const epochStart = performance.now();
      let trainMs = 0;
      const losses: number[] = [];
      const gradients = createGradientTally(groups, train.clip_norm);
      const documents: DocumentPerplexity[] = [];
      const visits = planEpoch(config, corpus.train, scheduleRandom);
      const updatesPerEpoch = visits.reduce((sum, v) => sum + v.updates, 0);
      if (train.state_reset === 'step') engine.resetState();
      for (const visit of visits) {
        if (train.state_reset === 'document') engine.resetState();
        const docLosses: number[] = [];
        for (let u = 0; u < visit.updates; u++) {
          if (options.signal) {
            await yieldToEventLoop();
            options.signal.throwIfAborted();
          }
          const started = performance.now();
          const batch = nextUnrolledBatch(cursors[visit.index], numUnroll);
          const out = engine.update(batch);
          trainMs += performance.now() - started;
          gradients.add(out.gradNormBeforeClip, out.paramSquaredNorms);
          docLosses.push(out.lossNats);
          losses.push(out.lossNats);
          callbacks.onProgress?.({ epoch, update: losses.length, updatesPerEpoch, lossNats: out.lossNats });
          // Diverged: a NaN or infinite loss, or a finite one so large (> ~709 nats a token, against ln V at the
          // start) that its perplexity overflows: training has blown up either way.
          if (!Number.isFinite(Math.exp(out.lossNats))) {
            diverged = true;
            break;
          }
        }
        if (train.schedule !== 'epochs') {
          const lossNats = mean(docLosses);
          documents.push({ document: corpus.train[visit.index].name, updates: docLosses.length, lossNats, perplexity: Math.exp(lossNats) });
        }
        if (diverged) break;
      }
      const trainLossNats = mean(losses);
      engine.syncWeightsToModel();
      let validLossNats: number | null = null;
      let test: { lossNats: number; count: number } | null = null;
      let samples: GeneratedSample[] = [];
      // Epochs 1, 1 + N, 1 + 2N, … (the three-layer notebook's `step % valid_summary == 0`); others store no
      // validation and, as in the notebook, generate no samples.
      if (!diverged && (epoch - 1) % train.validate_every === 0) {
        validLossNats = (
          config.corpus.validation.stream === 'concatenated'
            ? streamValidationLoss(model, corpus.validation)
            : validationLoss(model, corpus.validation, corpus.validationPredictions)
        ).lossNats;
        const validPerplexity = Math.exp(validLossNats);
        if (Number.isFinite(validPerplexity) && (bestValidPerplexity === null || validPerplexity < bestValidPerplexity)) {
          bestValidPerplexity = validPerplexity;
          bestEpoch = epoch;
          bestWeights = captureWeights(model);
        }
        // Scored after the best epoch is settled and from no random stream, so it can change no choice and no number
        // of training; per document from a zero state, batch 1, as per-document validation.
        if (corpus.test) test = validationLoss(model, corpus.test.documents, corpus.test.predictions);
        samples = generateSamples();
      }
      epochsDone = epoch;
      const report: EpochReport = {
        epoch,
        trainLossNats,
        trainPerplexity: Math.exp(trainLossNats),
        validLossNats,
        validPerplexity: validLossNats === null ? null : Math.exp(validLossNats),
        testLossNats: test?.lossNats ?? null,
        testPerplexity: test === null ? null : Math.exp(test.lossNats),
        testPredictions: test?.count ?? null,
        tokensPerSec: trainMs > 0 ? (losses.length * numUnroll * batchSize) / (trainMs / 1000) : 0,
        durationMs: performance.now() - epochStart,
        documents,
        samples,
        gradients: gradients.summary(),
        learnedAlpha: readLearnedAlpha(model),
      };
      // Stored first, then checkpointed: a crash in between leaves the checkpoint one epoch behind the database, and
      // the resumed run drops that epoch's rows and computes them again, identically. A diverged epoch is not
      // checkpointed: a run resumed there would go on from broken weights instead of diverging again.
      await callbacks.onEpoch(report);
      if (!diverged) writeCheckpoint();
    }
    // generation.measure: from the weights after the last epoch and the best epoch's (kept in memory, or restored from
    // the checkpoint by a resumed run), so they do not depend on whether the run was ever interrupted.
    let measureSamples: MeasureSample[] = [];
    if (!diverged && generation.measure !== null) {
      engine.syncWeightsToModel();
      const best = bestEpoch === null || bestWeights === null ? null : { epoch: bestEpoch, weights: bestWeights };
      measureSamples = await generateMeasureSamples(
        model,
        generation.measure,
        corpus.seedDocuments,
        vocabulary,
        config.seed,
        { final: { epoch: epochsDone }, best },
        async () => {
          await yieldToEventLoop(); // heartbeats go on between samples
          options.signal?.throwIfAborted();
        },
      );
    }
    return {
      status: diverged ? 'diverged' : 'finished',
      epochs: epochsDone,
      backend: options.backend,
      bestEpoch,
      bestValidPerplexity,
      measureSamples,
    };
  } finally {
    disposeState(generationState);
    engine.dispose();
    disposeModel(model);
  }
}

/** α = sigmoid(alpha_logit) per context unit, read after syncWeightsToModel; null for a model without a learned α. */
function readLearnedAlpha(model: RecurrentModel): number[] | null {
  const logit = model.params.get('alpha_logit');
  if (logit === undefined) return null;
  return Array.from(logit.dataSync(), (z) => 1 / (1 + Math.exp(-z)));
}

function mean(values: number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
