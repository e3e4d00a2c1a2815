// Builds the model a run's `model` config names, with its weights drawn from the given random stream.
import type { ModelConfig } from '../config/run-config.js';
import { createLstmModel } from './lstm.js';
import type { RecurrentModel } from './recurrent-model.js';
import { createRnnModel } from './rnn.js';
import { createRnncfModel } from './rnncf.js';
import type { SeededRandom } from './seeded-random.js';
import { createStackedModel } from './stacked.js';

export function buildModel(model: ModelConfig, vocabSize: number, random: SeededRandom): RecurrentModel {
  switch (model.type) {
    case 'rnn':
      return createRnnModel(model, vocabSize, random);
    case 'rnncf':
      return createRnncfModel(model, vocabSize, random);
    case 'stacked':
      return createStackedModel(model, vocabSize, random);
    case 'lstm':
      return createLstmModel(model, vocabSize, random);
  }
}

/** Frees every parameter of a model. */
export function disposeModel(model: RecurrentModel): void {
  for (const variable of model.params.values()) variable.dispose();
}
