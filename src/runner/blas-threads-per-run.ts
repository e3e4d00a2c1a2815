// How many BLAS threads each run in flight may use: the machine's cores shared among the runs training at once.

/**
 * `cores` split evenly among `runsInFlight` runs, at least one thread each. With fewer runs than cores (a single run,
 * or the tail of a sweep) each run's BLAS gets the spare cores; with as many runs as cores, one thread each, since
 * more would oversubscribe the machine.
 */
export function blasThreadsPerRun(cores: number, runsInFlight: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, runsInFlight)));
}
