// Gives an expanded experiment's runs their ids: each run's config in canonical form plus its corpus's digest.
import type { Experiment, ExpandedRun } from '../config/load-experiment.js';
import { runId } from '../config/run-id.js';
import type { CorpusIdentity, createCorpusIdentifier } from '../corpus/identify-corpus.js';

export interface IdentifiedRun extends ExpandedRun {
  /** runId(experiment, config, corpusDigest): stable across loads, upgrades that add defaulted keys, and corpus moves. */
  id: string;
  /** The digest of the corpus files the run reads (stored with the run). */
  corpusDigest: string;
}

export interface IdentifiedExperiment extends Omit<Experiment, 'runs' | 'ruleRuns'> {
  runs: IdentifiedRun[];
  /** Every run a seed rule may train, identified like `runs` ([] without a rule). */
  ruleRuns: IdentifiedRun[];
  /** True when some run's corpus is the default folder, not fetched yet: its id assumes the files the fetch will write. */
  fromManifest: boolean;
}

/** `identify` is a createCorpusIdentifier() function (it throws a UserError for a corpus folder that does not exist). */
export function identifyRuns(experiment: Experiment, identify: ReturnType<typeof createCorpusIdentifier>): IdentifiedExperiment {
  let fromManifest = false;
  const identified = (run: ExpandedRun): IdentifiedRun => {
    const identity: CorpusIdentity = identify(run.config.corpus);
    fromManifest ||= identity.from === 'manifest';
    return { ...run, id: runId(experiment.name, run.config, identity.digest), corpusDigest: identity.digest };
  };
  const runs = experiment.runs.map(identified);
  const ruleRuns = experiment.ruleRuns.map(identified);
  return { ...experiment, runs, ruleRuns, fromManifest };
}
