// Formats the problems of one experiment file as the aligned, position-sorted block users read (STYLE.md point 6).
import type { SpecLocation, SpecProblem } from './spec-problem.js';

function formatLocation(location: SpecLocation): string {
  return 'option' in location ? location.option : `${location.line}:${location.col}`;
}

/** Command-line problems first, then file problems by line and column. */
function compareLocations(a: SpecLocation, b: SpecLocation): number {
  const aOption = 'option' in a;
  const bOption = 'option' in b;
  if (aOption || bOption) return aOption === bOption ? 0 : aOption ? -1 : 1;
  return a.line - b.line || a.col - b.col;
}

/** Problems in position order, exact duplicates removed. */
export function sortProblems(problems: readonly SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${formatLocation(p.location)}\u0000${p.pointer ?? ''}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      compareLocations(a.location, b.location) ||
      (a.pointer ?? '').localeCompare(b.pointer ?? '') ||
      a.message.localeCompare(b.message),
  );
}

/**
 * `FILE: N problems` then one line per problem, `  LINE:COL  /json/pointer  message`, columns aligned:
 *   experiments/ablation.yaml: 2 problems
 *     7:12  /model/type     must be one of rnn, rnncf, stacked; got "lstmm"
 *     9:3   /train          unknown key "num_unrol" (did you mean "num_unroll"?)
 */
export function formatProblems(file: string, problems: readonly SpecProblem[]): string {
  const sorted = sortProblems(problems);
  const locations = sorted.map((p) => formatLocation(p.location));
  const locationWidth = Math.max(...locations.map((l) => l.length));
  const pointerWidth = Math.max(0, ...sorted.map((p) => p.pointer?.length ?? 0));
  const lines = sorted.map((p, i) => {
    const parts = [locations[i].padEnd(locationWidth)];
    if (pointerWidth > 0) parts.push((p.pointer ?? '').padEnd(pointerWidth));
    parts.push(p.message);
    return `  ${parts.join('  ')}`;
  });
  const count = `${sorted.length} problem${sorted.length === 1 ? '' : 's'}`;
  return [`${file}: ${count}`, ...lines].join('\n');
}
