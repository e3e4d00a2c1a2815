// PLACEHOLDER: `rnnlab generate` is being written; this file is replaced by its real implementation.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';

export function generateCommand(): Command {
  return new Command('generate').description('(not available yet)').action(() => {
    throw new UserError('rnnlab generate: not implemented yet');
  });
}
