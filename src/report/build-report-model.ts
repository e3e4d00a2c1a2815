// Assembles everything a report shows from an experiment's results: tables, sample panels, quality, claims.

import type { ExperimentRow } from '../store/results-store.js';
import { BOOK_FIGURES, type BookFigure } from './book-figures.js';
import { matchBookFigure } from './match-book-figure.js';
import { evaluateClaims, type FindExperimentRuns } from './claims/evaluate-claims.js';
import { applySequentialVerdicts, type SequentialRecord } from './claims/apply-sequential-verdicts.js';
import type { ClaimResult } from './claims/claim-result.js';
import { readStoredClaims, type DeclaredClaims } from './claims/read-declared-claims.js';
import { buildComparisonRows, type ComparisonRow } from './comparison-rows.js';
import { runsWithEpochs, type ExperimentResults, type RunResults } from './experiment-results.js';
import { buildGradientSection, type GradientSection } from './gradient-rows.js';
import { gridKeys, groupRuns, type GridPoint } from './group-runs.js';
import type { HeldOutText } from './held-out-text.js';
import { measureSamples, type MeasuredSample } from './measure-samples.js';
import { measureTextQuality, NGRAM_SIZES, type TextQuality } from './measure-text-quality.js';
import { selectSampleEpochs } from './sample-epochs.js';
import { summarize, type SummaryStats } from './summary-stats.js';

export interface QualityStats {
  /** distinct[n-1]: stats of the distinct word n-gram fraction. */
  distinct: SummaryStats[];
  /** Stats of the distinct character 8-gram fraction. */
  distinctCharacters: SummaryStats;
  longestRepeat: SummaryStats;
  characters: SummaryStats;
}

export interface SamplePanel {
  point: GridPoint;
  /** The epochs shown (first, middle, last) and, for each, the samples of every seed at that epoch. */
  epochs: { epoch: number; samples: MeasuredSample[]; quality: QualityStats }[];
}

export interface BookComparison {
  book: BookFigure;
  /** The grid point of the same model and document count trained at the figure's settings (matchBookFigure). */
  ours: ComparisonRow | null;
  /** When `ours` is null: how the nearest point of that model and document count differs; [] when there is none. */
  differences: string[];
}

export interface ReportModel {
  experiment: ExperimentRow;
  dbPath: string;
  generatedAt: string; // ISO-8601 UTC
  gridKeys: string[];
  runCount: number;
  statuses: Record<string, number>;
  comparison: ComparisonRow[];
  samplePanels: SamplePanel[];
  samples: MeasuredSample[];
  heldOut: { text: HeldOutText; quality: QualityStats; perSlice: { document: string; quality: TextQuality }[] } | null;
  /** Why there is no held-out text (when heldOut is null). */
  heldOutMissing: string | null;
  /** How the runs were chosen (--where), e.g. "--where train.num_steps=26: 12 of 18 runs"; null = all runs. */
  selection: string | null;
  claims: ClaimResult[];
  /** Where the claims were read (the stored experiment file, or --claims FILE). */
  claimsSource: string;
  book: BookComparison[];
  backends: string[];
  /** Gradient norms per grid point (empty, saying why, when the runs did not record them). */
  gradients: GradientSection;
}

export function summarizeQuality(qualities: readonly TextQuality[]): QualityStats {
  return {
    distinct: NGRAM_SIZES.map((_, index) => summarize(qualities.map((quality) => quality.distinct[index]))),
    distinctCharacters: summarize(qualities.map((quality) => quality.distinctCharacters)),
    longestRepeat: summarize(qualities.map((quality) => quality.longestRepeatLength)),
    characters: summarize(qualities.map((quality) => quality.characters)),
  };
}

/** Median length in characters (code points) of the runs' samples (what held-out slices are cut to); null when
 *  there are none. */
export function typicalSampleLength(runs: readonly RunResults[]): number | null {
  const lengths = runs.flatMap((run) => run.samples.map((sample) => Array.from(sample.text).length)).sort((a, b) => a - b);
  if (lengths.length === 0) return null;
  return lengths[Math.floor((lengths.length - 1) / 2)];
}

/** The highest document any run trained on or counted for its vocabulary: held-out text comes after it. */
export function lastDocumentUsed(results: ExperimentResults): number {
  let last = 0;
  for (const { run } of results.runs) {
    last = Math.max(last, run.config.corpus.documents, run.config.corpus.vocabulary_documents);
  }
  return last;
}

export function buildReportModel(
  results: ExperimentResults,
  options: {
    dbPath: string;
    now: Date;
    heldOut: HeldOutText | null;
    heldOutMissing: string | null;
    selection?: string | null;
    /** The claims to decide; default: those of the experiment file stored with the runs. */
    claims?: DeclaredClaims;
    /** The runs of other experiments that claims compare with (arm b's `experiment:`); default: none at hand. */
    findOther?: FindExperimentRuns;
    /** The rounds and looks of a seed rule (rnnlab run's sequential procedure): its verdicts replace the fixed-n ones. */
    sequential?: SequentialRecord | null;
  },
): ReportModel {
  const runs = runsWithEpochs(results);
  const keys = gridKeys(results.runs);
  const points = groupRuns(runs, keys, results.experiment.name);
  const comparison = buildComparisonRows(points);
  const samples = measureSamples(points);
  const samplePanels: SamplePanel[] = points.map((point) => {
    const own = samples.filter((sample) => sample.point === point.label);
    return {
      point,
      epochs: selectSampleEpochs(own.map((sample) => sample.epoch)).map((epoch) => {
        const atEpoch = own.filter((sample) => sample.epoch === epoch);
        return { epoch, samples: atEpoch, quality: summarizeQuality(atEpoch.map((sample) => sample.quality)) };
      }),
    };
  });
  const declared = options.claims ?? readStoredClaims(results.experiment.specText);
  const statuses: Record<string, number> = {};
  for (const { run } of results.runs) statuses[run.status] = (statuses[run.status] ?? 0) + 1;
  const heldOut =
    options.heldOut === null
      ? null
      : (() => {
          const perSlice = options.heldOut.slices.map((slice) => ({
            document: slice.document,
            quality: measureTextQuality(slice.text),
          }));
          return { text: options.heldOut, perSlice, quality: summarizeQuality(perSlice.map((slice) => slice.quality)) };
        })();
  const book = BOOK_FIGURES.map((figure): BookComparison => {
    const match = matchBookFigure(comparison.map((row) => row.point), figure);
    return { book: figure, ours: comparison.find((row) => row.point === match.point) ?? null, differences: match.differences };
  });
  const backends = [...new Set(results.runs.map(({ run }) => run.backend).filter((b): b is string => b !== null))];
  return {
    experiment: results.experiment,
    dbPath: options.dbPath,
    generatedAt: options.now.toISOString(),
    gridKeys: keys,
    runCount: results.runs.length,
    statuses,
    comparison,
    samplePanels,
    samples,
    heldOut,
    heldOutMissing: options.heldOut === null ? options.heldOutMissing : null,
    selection: options.selection ?? null,
    claims: applySequentialVerdicts(
      evaluateClaims(declared.claims, results.experiment.name, runs, keys, declared.zipKeyGroups, options.findOther),
      options.sequential ?? null,
    ),
    claimsSource: declared.source,
    book,
    backends,
    gradients: buildGradientSection(points),
  };
}
