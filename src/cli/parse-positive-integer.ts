// Reads a required positive integer flag (--shards, --cpus-per-task, …) or says which flag is wrong and how.
import { UserError } from '../config/user-error.js';

/** `text` as a positive integer; a UserError naming `flag` when it is missing or anything else. */
export function parsePositiveInteger(flag: string, text: string | undefined): number {
  if (text === undefined) throw new UserError(`${flag} is required`);
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UserError(`${flag} must be a positive integer; got "${text}"`);
  }
  return Number(text);
}
