// PLACEHOLDER: `rnnlab plot` is being written; this file is replaced by its real implementation.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';

export function plotCommand(): Command {
  return new Command('plot').description('(not available yet)').action(() => {
    throw new UserError('rnnlab plot: not implemented yet');
  });
}
