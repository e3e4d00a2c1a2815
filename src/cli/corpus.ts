// `rnnlab corpus fetch` (download and verify the Grimm stories) and `rnnlab corpus inspect` (what the pipeline sees).
import { Command } from 'commander';
import { resolve } from 'node:path';
import type { NgramSize } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import { fetchCorpus } from '../corpus/fetch-corpus.js';
import { formatCorpusInspection } from '../corpus/format-corpus-inspection.js';
import { GRIMM_BASE_URL, GRIMM_MANIFEST } from '../corpus/grimm-manifest.js';
import { inspectCorpus } from '../corpus/inspect-corpus.js';
import { defaultCorpusDir, locateCorpus } from '../corpus/locate-corpus.js';

interface InspectOptions {
  corpus?: string;
  documents: string;
  vocabularyDocuments?: string;
  ngram: string;
  minCount: string;
  numSteps: string;
  validationDocuments: string;
  tokensPerDocument: string;
  top: string;
  offline?: boolean;
  json?: boolean;
}

/** A flag's integer value, at least `min`; a UserError naming the flag otherwise. */
function parseInteger(flag: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new UserError(`${flag} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer; got "${text}"`);
  }
  return Number(text);
}

function parseNgram(text: string): NgramSize {
  if (text !== '1' && text !== '2' && text !== '3') throw new UserError(`--ngram must be 1, 2 or 3; got "${text}"`);
  return Number(text) as NgramSize;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function inspectCommand(): Command {
  return new Command('inspect')
    .description('Show what the corpus pipeline makes of a corpus: tokens, vocabulary, UNK rate, validation picks')
    .option('--corpus <dir>', 'corpus directory (default: $RNNLAB_CORPUS_DIR, else data/grimm, fetched on first use)')
    .option('--documents <n>', 'use the first N documents', '100')
    .option('--vocabulary-documents <n>', 'count the vocabulary over the first N documents (default: --documents)')
    .option('--ngram <n>', 'characters per token: 1, 2 (book) or 3', '2')
    .option('--min-count <n>', 'keep tokens seen more than N times; the rest become UNK', '10')
    .option('--num-steps <n>', "book validation rule: the threshold is (num_steps + 1) × tokens-per-document", '26')
    .option('--validation-documents <n>', 'book validation rule: how many documents to pick', '10')
    .option('--tokens-per-document <n>', 'book validation rule: tokens held out per document', '100')
    .option('--top <n>', 'how many of the most common tokens to list', '10')
    .option('--offline', 'never download the corpus; fail if it is not found')
    .option('--json', 'print one JSON object (includes the full vocabulary in id order)')
    .action(async (options: InspectOptions) => {
      const documents = parseInteger('--documents', options.documents, 1);
      const settings = {
        documents,
        vocabularyDocuments:
          options.vocabularyDocuments === undefined
            ? documents
            : parseInteger('--vocabulary-documents', options.vocabularyDocuments, 1),
        ngram: parseNgram(options.ngram),
        minCount: parseInteger('--min-count', options.minCount, 0),
        numSteps: parseInteger('--num-steps', options.numSteps, 0),
        validationDocuments: parseInteger('--validation-documents', options.validationDocuments, 1),
        tokensPerDocument: parseInteger('--tokens-per-document', options.tokensPerDocument, 2),
        top: parseInteger('--top', options.top, 0),
      };
      const dir = await locateCorpus({ explicitPath: options.corpus ?? null, offline: options.offline === true, log });
      const inspection = inspectCorpus({ dir, ...settings });
      process.stdout.write(options.json ? `${JSON.stringify(inspection)}\n` : formatCorpusInspection(inspection));
    })
    .exitOverride();
}

function fetchCommand(): Command {
  return new Command('fetch')
    .description(`Download the Grimm stories (${GRIMM_MANIFEST.length} files) and verify each against its SHA-256`)
    .option('--to <dir>', 'target directory (default: $RNNLAB_CORPUS_DIR, else data/grimm)')
    .option('--base-url <url>', 'where NNN.txt files are fetched from', GRIMM_BASE_URL)
    .action(async (options: { to?: string; baseUrl: string }) => {
      if (!/^https?:\/\/./.test(options.baseUrl)) {
        throw new UserError(`--base-url must be an http(s) URL; got "${options.baseUrl}"`);
      }
      const fromEnv = process.env.RNNLAB_CORPUS_DIR;
      const dir = resolve(options.to ?? (fromEnv ? fromEnv : defaultCorpusDir()));
      log(`rnnlab corpus fetch: ${GRIMM_MANIFEST.length} files from ${options.baseUrl} into ${dir}`);
      const summary = await fetchCorpus({ dir, baseUrl: options.baseUrl, log });
      const lines = [
        `${dir}: fetched ${summary.fetched.length}, already valid ${summary.alreadyValid.length}, failed ${summary.failed.length}`,
        ...summary.failed.map(({ name, reason }) => `  failed ${name}: ${reason}`),
      ];
      if (summary.failed.length > 0) {
        lines.push(`No partial files were left. Run \`rnnlab corpus fetch\` again to retry the ${summary.failed.length} failed (valid files are kept).`);
        process.exitCode = 1;
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    })
    .exitOverride();
}

export function corpusCommand(): Command {
  return new Command('corpus')
    .description('Get the Grimm corpus (fetch) and see what the corpus pipeline makes of it (inspect)')
    .addCommand(fetchCommand())
    .addCommand(inspectCommand());
}
