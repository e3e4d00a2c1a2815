// PLACEHOLDER: `rnnlab report` is being written; this file is replaced by its real implementation.
import { Command } from 'commander';
import { UserError } from '../config/user-error.js';

export function reportCommand(): Command {
  return new Command('report').description('(not available yet)').action(() => {
    throw new UserError('rnnlab report: not implemented yet');
  });
}
