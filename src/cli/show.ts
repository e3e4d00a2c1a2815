// PLACEHOLDER: `rnnlab show` is being written; this file is replaced by its real implementation.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';

export function showCommand(): Command {
  return new Command('show').description('(not available yet)').action(() => {
    throw new UserError('rnnlab show: not implemented yet');
  });
}
