// Formats the problems of one experiment file one per line as FILE:LINE:COL: /pointer message, the form compilers,
// linters in "unix" format and editors' problem matchers read, so a terminal or editor can jump to each.
import { sortProblems } from './format-problems.js';
import type { SpecProblem } from './spec-problem.js';

/**
 *   experiments/ablation.yaml: --set /seeds must be a list; got 3
 *   experiments/ablation.yaml:7:12: /model/type must be one of rnn, rnncf, stacked; got "lstmm"
 *   experiments/ablation.yaml:9:3: /train unknown key "num_unrol" (did you mean "num_unroll"?)
 * Command-line problems first (they have no place in the file), then by position; exact duplicates removed.
 */
export function formatProblemLines(file: string, problems: readonly SpecProblem[]): string {
  return sortProblems(problems)
    .map((p) => {
      const where = 'option' in p.location ? `${file}: ${p.location.option}` : `${file}:${p.location.line}:${p.location.col}:`;
      return [where, p.pointer, p.message].filter((part) => part !== undefined).join(' ');
    })
    .join('\n');
}
