// PLACEHOLDER: `rnnlab corpus` is being written; this file is replaced by its real implementation.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';

export function corpusCommand(): Command {
  return new Command('corpus').description('(not available yet)').action(() => {
    throw new UserError('rnnlab corpus: not implemented yet');
  });
}
