// PLACEHOLDER: `rnnlab compare` is being written; this file is replaced by its real implementation.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';

export function compareCommand(): Command {
  return new Command('compare').description('(not available yet)').action(() => {
    throw new UserError('rnnlab compare: not implemented yet');
  });
}
