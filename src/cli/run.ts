// PLACEHOLDER: `rnnlab run` is being written; this file is replaced by its real implementation.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';

export function runCommand(): Command {
  return new Command('run').description('(not available yet)').action(() => {
    throw new UserError('rnnlab run: not implemented yet');
  });
}
