// Reads a Slurm time limit (sbatch --time) into seconds, accepting exactly the forms sbatch accepts.
import { UserError } from '../config/user-error.js';

const FORMS = 'M, M:S, H:M:S, D-H, D-H:M or D-H:M:S (e.g. 90, 4:00:00, 1-12)';

/**
 * Seconds in a Slurm time limit. sbatch's forms: "minutes", "minutes:seconds", "hours:minutes:seconds",
 * "days-hours", "days-hours:minutes", "days-hours:minutes:seconds". A limit of zero is refused (sbatch would read it
 * as "no limit" on some sites and as an instant timeout on others).
 */
export function parseSlurmTime(text: string): number {
  const bad = (why: string): UserError => new UserError(`--time "${text}": ${why}`);
  const match = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(text);
  if (!match) throw bad(`not a Slurm time limit; use ${FORMS}`);
  const [, days, first, second, third] = match;
  let seconds: number;
  if (days !== undefined) {
    // D-H, D-H:M, D-H:M:S
    seconds = Number(days) * 86400 + Number(first) * 3600 + Number(second ?? 0) * 60 + Number(third ?? 0);
  } else if (third !== undefined) {
    seconds = Number(first) * 3600 + Number(second) * 60 + Number(third); // H:M:S
  } else if (second !== undefined) {
    seconds = Number(first) * 60 + Number(second); // M:S
  } else {
    seconds = Number(first) * 60; // M
  }
  if (seconds === 0) throw bad('must be longer than zero');
  return seconds;
}
