// Where `rnnlab run --shard I/N` puts shard I's database, relative to the working directory, and the folder of all.
// (The shards stage owns the rule; this mirrors it for the job scripts, which must name files before any shard runs.)

/** runs/shards/EXPERIMENT/ */
export function shardFolder(experimentName: string): string {
  return `runs/shards/${experimentName}/`;
}

/** runs/shards/EXPERIMENT/shard-I-of-N.sqlite */
export function shardFileName(experimentName: string, index: number, count: number): string {
  return `${shardFolder(experimentName)}shard-${index}-of-${count}.sqlite`;
}
