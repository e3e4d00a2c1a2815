// PLACEHOLDER: `rnnlab query` is being written; this file is replaced by its real implementation.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';

export function queryCommand(): Command {
  return new Command('query').description('(not available yet)').action(() => {
    throw new UserError('rnnlab query: not implemented yet');
  });
}
