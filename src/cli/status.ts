// PLACEHOLDER: `rnnlab status` is being written; this file is replaced by its real implementation.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';

export function statusCommand(): Command {
  return new Command('status').description('(not available yet)').action(() => {
    throw new UserError('rnnlab status: not implemented yet');
  });
}
