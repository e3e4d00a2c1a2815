// The --db option every command that reads or writes results shares.
import { Option } from 'commander';
import { DEFAULT_DB_PATH } from '../store/default-db-path.js';

export function dbOption(): Option {
  return new Option('--db <path>', 'results database').default(DEFAULT_DB_PATH);
}
