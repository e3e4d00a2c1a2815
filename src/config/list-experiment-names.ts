// The experiment names of the files in a folder (each *.yaml's `name`, else its file name): what should be published.
import { listExperimentFiles } from './find-experiment-file.js';

export function listExperimentNames(folder: string): string[] {
  return listExperimentFiles(folder).map((entry) => entry.name);
}
