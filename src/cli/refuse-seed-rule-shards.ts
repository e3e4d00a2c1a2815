// The message rnnlab k8s gives for an experiment with a seed rule (rounds are sharded through rnnlab slurm and run --shard).
import { UserError } from '../config/user-error.js';

/** Throws when `hasRule`: a round's runs depend on the looks at the rounds before, which shards cannot take alone. */
export function refuseSeedRuleShards(file: string, what: string, hasRule: boolean): void {
  if (!hasRule) return;
  throw new UserError(
    `${what} with a seed rule (${file}): each round's runs depend on the looks at the rounds before, which an Indexed ` +
      'Job cannot plan yet; run the rounds with rnnlab run FILE, rnnlab run --shard I/N --plan-db DB, or rnnlab slurm',
  );
}
