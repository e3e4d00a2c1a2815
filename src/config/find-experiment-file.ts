// The experiment file of a folder that declares a given experiment name (its `name`, else its file name).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse } from 'yaml';

/** Each *.yaml / *.yml of `folder` (sorted) with the experiment name it declares; [] when the folder is missing. */
export function listExperimentFiles(folder: string): { name: string; path: string }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => ['.yaml', '.yml'].includes(extname(file)))
    .sort()
    .map((file) => {
      const path = join(folder, file);
      try {
        const name = (parse(readFileSync(path, 'utf8')) as { name?: unknown } | null)?.name;
        if (typeof name === 'string' && name !== '') return { name, path };
      } catch {
        // An unreadable file still names an experiment that has not been published: its file name says which.
      }
      return { name: basename(file, extname(file)), path };
    });
}

/** The path of the file in `folder` that declares experiment `name`, or null. */
export function findExperimentFile(folder: string, name: string): string | null {
  return listExperimentFiles(folder).find((entry) => entry.name === name)?.path ?? null;
}
