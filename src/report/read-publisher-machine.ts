// The machine that published an experiment, from its RUN-INFO.md front matter (the part written for programs).
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface PublisherMachine {
  host: string;
  cpu: string;
  cores: number;
  /** Whether the runs ran on the publishing machine: all, some or none of them (RUN-INFO's ran_the_runs). */
  ranTheRuns: 'all' | 'some' | 'none';
}

/** The publisher block of a RUN-INFO.md; null when the file is missing or its front matter lacks the block. */
export function readPublisherMachine(path: string): PublisherMachine | null {
  if (!existsSync(path)) return null;
  const match = /^---\n([\s\S]*?)\n---\n/.exec(readFileSync(path, 'utf8'));
  if (match === null) return null;
  const publisher = (parse(match[1]) as { publisher?: Record<string, unknown> } | null)?.publisher;
  if (publisher === undefined || publisher === null) return null;
  const { host, cpu, cores, ran_the_runs: ranTheRuns } = publisher;
  if (typeof host !== 'string' || typeof cpu !== 'string' || typeof cores !== 'number') return null;
  if (ranTheRuns !== 'all' && ranTheRuns !== 'some' && ranTheRuns !== 'none') return null;
  return { host, cpu, cores, ranTheRuns };
}
