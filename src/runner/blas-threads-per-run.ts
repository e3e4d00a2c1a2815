// How many BLAS threads each run in flight may use: the machine's free cores shared among the runs training at once.

/**
 * `cores` split evenly among `runsInFlight` runs, at least one thread each. With fewer runs than cores (a single run,
 * or the tail of a sweep) each run's BLAS gets the spare cores; with as many runs as cores, one thread each, since
 * more would oversubscribe the machine.
 */
export function blasThreadsPerRun(cores: number, runsInFlight: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, runsInFlight)));
}

/**
 * The cores not kept busy by other processes: `cores` less the 1-minute load average beyond this sweep's own BLAS
 * threads (`ownThreads`), at least 1. Why it matters: OpenBLAS threads busy-wait, so a run given a core that another
 * process (a second sweep, a test suite) is using slows down several times over instead of speeding up; measured on
 * 2 cores with another sweep running, 2 threads trained at 9–24k tokens/s where 1 thread trains at ~60k. The load
 * average lags by about a minute, which errs on the side of one thread.
 */
export function coresFreeForBlas(cores: number, loadAverage: number, ownThreads: number): number {
  const others = Math.max(0, loadAverage - ownThreads);
  return Math.max(1, Math.min(cores, Math.floor(cores - others + 0.5)));
}
