// The --db option every command that reads or writes results shares.
import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_DB_PATH } from '../store/default-db-path.js';

export function dbOption(): Option {
  return new Option('--db <path>', 'results database')
    .default(DEFAULT_DB_PATH)
    .argParser((value: string) => {
      // An empty path would make SQLite open a temporary database: the run would vanish with the process.
      if (value.trim() === '') throw new InvalidArgumentError('the path is empty; give a database file such as runs/rnnlab.sqlite');
      return value;
    });
}
