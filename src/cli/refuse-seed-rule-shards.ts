// The one message sharded commands (run --shard, slurm, k8s) give for an experiment with a seed rule.
import { UserError } from '../config/user-error.js';

/** Throws when `hasRule`: a round's runs depend on the looks at the rounds before, which shards cannot take alone. */
export function refuseSeedRuleShards(file: string, what: string, hasRule: boolean): void {
  if (!hasRule) return;
  throw new UserError(
    `${what} with a seed rule (${file}): each round's runs depend on the looks at the rounds before, so shards cannot ` +
      'plan them yet; run the rounds unsharded (rnnlab run FILE), or list the seeds (seeds: [...]) to shard the grid',
  );
}
