// The sweep size limit validate and run apply: RNNLAB_MAX_RUNS when set, else the config layer's default.
import { DEFAULT_MAX_RUNS } from '../config/count-sweep-runs.js';
import { UserError } from '../config/user-error.js';

export function maxRunsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.RNNLAB_MAX_RUNS;
  if (text === undefined || text === '') return DEFAULT_MAX_RUNS;
  if (!/^[1-9]\d*$/.test(text.trim())) throw new UserError(`RNNLAB_MAX_RUNS must be a positive integer; got "${text}"`);
  return Number(text.trim());
}
