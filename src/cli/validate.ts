// PLACEHOLDER: `rnnlab validate` is being written; this file is replaced by its real implementation.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';

export function validateCommand(): Command {
  return new Command('validate').description('(not available yet)').action(() => {
    throw new UserError('rnnlab validate: not implemented yet');
  });
}
