// The UserError of a bad experiment file: keeps its problems as data, so validate can print them in any format.
import { formatProblemLines } from './format-problem-lines.js';
import type { SpecProblem } from './spec-problem.js';
import { UserError } from './user-error.js';

/** Every problem of one experiment file; the message is the clickable one-line-per-problem form. */
export class SpecError extends UserError {
  constructor(
    readonly file: string,
    readonly problems: readonly SpecProblem[],
  ) {
    super(formatProblemLines(file, problems));
  }
}
