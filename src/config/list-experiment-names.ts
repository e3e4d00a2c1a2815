// The experiment names of the files in a folder (each *.yaml's `name`, else its file name): what should be published.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse } from 'yaml';

export function listExperimentNames(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => ['.yaml', '.yml'].includes(extname(file)))
    .sort()
    .map((file) => {
      try {
        const name = (parse(readFileSync(join(folder, file), 'utf8')) as { name?: unknown } | null)?.name;
        if (typeof name === 'string' && name !== '') return name;
      } catch {
        // An unreadable file still names an experiment that has not been published: its file name says which.
      }
      return basename(file, extname(file));
    });
}
