#!/usr/bin/env node
// The rnnlab command: maps subcommands to their files and user errors to exit code 2. The only file that exits.
import { Command, CommanderError } from 'commander';
import { UserError } from '../config/user-error.js';
import { corpusCommand } from './corpus.js';
import { validateCommand } from './validate.js';
import { runCommand } from './run.js';
import { statusCommand } from './status.js';
import { compareCommand } from './compare.js';
import { queryCommand } from './query.js';
import { showCommand } from './show.js';
import { generateCommand } from './generate.js';
import { benchCommand } from './bench.js';
import { plotCommand } from './plot.js';
import { reportCommand } from './report.js';
import { publishCommand } from './publish.js';
import { mergeCommand } from './merge.js';
import { uiCommand } from './ui.js';
import { slurmCommand } from './slurm.js';
import { k8sCommand } from './k8s.js';
import { packageVersion } from './package-version.js';

function buildProgram(): Command {
  const program = new Command('rnnlab')
    .description('Declarative experiments for recurrent language models (YAML in, SQLite out).')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const commands = [
    corpusCommand(),
    validateCommand(),
    runCommand(),
    statusCommand(),
    compareCommand(),
    queryCommand(),
    showCommand(),
    generateCommand(),
    benchCommand(),
    plotCommand(),
    reportCommand(),
    publishCommand(),
    mergeCommand(),
    uiCommand(),
    slurmCommand(),
    k8sCommand(),
  ];
  for (const command of commands) program.addCommand(command.exitOverride());
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end here with code 0; bad flags and arguments are user errors.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UserError) {
      process.stderr.write(`${error.message.replace(/\n?$/, '\n')}`);
      return error.exitCode;
    }
    process.stderr.write(`rnnlab: internal error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
