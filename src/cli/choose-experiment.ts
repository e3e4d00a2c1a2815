// Which experiment a read command means: the one named, or the only one in the database.
import { UserError } from '../config/user-error.js';
import type { ResultsStore } from '../store/results-store.js';

export function chooseExperiment(store: ResultsStore, name: string | undefined, command: string): string {
  const names = store.listExperiments().map((experiment) => experiment.name);
  if (name !== undefined) {
    if (names.includes(name)) return name;
    const known = names.length === 0 ? 'it holds no experiments yet' : `it holds: ${names.join(', ')}`;
    throw new UserError(`no experiment "${name}" in ${store.path}; ${known}`);
  }
  if (names.length === 1) return names[0];
  if (names.length === 0) {
    throw new UserError(`${store.path} holds no experiments yet: run one first (rnnlab run FILE)`);
  }
  throw new UserError(
    `${store.path} holds ${names.length} experiments (${names.join(', ')}); name one: rnnlab ${command} EXPERIMENT`,
  );
}
