// Gives every parameter of a model random values, so that terms whose initial value hides them (biases and
// forget biases start constant, a learned α starts at the configured α) carry weight in a check.
import type { RecurrentModel } from '../../src/models/recurrent-model.js';
import type { SeededRandom } from '../../src/models/seeded-random.js';
import { tf } from '../../src/models/backend.js';

/** Overwrites every parameter with a truncated normal of σ `std` drawn from `random`. */
export function randomizeParameters(model: RecurrentModel, random: SeededRandom, std: number): void {
  for (const variable of model.params.values()) {
    const values = Float32Array.from({ length: variable.size }, () => random.truncatedNormal(std));
    tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
  }
}
