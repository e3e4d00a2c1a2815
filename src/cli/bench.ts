// PLACEHOLDER: `rnnlab bench` is being written; this file is replaced by its real implementation.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';

export function benchCommand(): Command {
  return new Command('bench').description('(not available yet)').action(() => {
    throw new UserError('rnnlab bench: not implemented yet');
  });
}
