// Renders a CorpusInspection as the human-readable report of `rnnlab corpus inspect`.
import Table from 'cli-table3';
import type { CorpusInspection } from './inspect-corpus.js';

const NOUNS = { 1: 'characters', 2: 'bigrams', 3: 'trigrams' } as const;

// Borders without a rule between rows: compact, one line per row.
const COMPACT = {
  chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
};

/** A token as JSON shows it, so spaces, newlines and tabs are visible: "e ", "\n". */
function showToken(token: string): string {
  return JSON.stringify(token);
}

export function formatCorpusInspection(inspection: CorpusInspection): string {
  const noun = NOUNS[inspection.ngram];
  const tokenCounts = inspection.per_document.map((d) => d.tokens).sort((a, b) => a - b);
  const median = tokenCounts[Math.floor((tokenCounts.length - 1) / 2)];
  const first = inspection.per_document[0].name;
  const last = inspection.per_document[inspection.per_document.length - 1].name;
  const validation = inspection.book_validation;
  const picked = validation.documents;
  const shortfall =
    picked.length < validation.requested
      ? ` (only ${picked.length} of the ${validation.requested} asked for ${picked.length === 1 ? 'qualifies' : 'qualify'}: the book rule cannot be used as set)`
      : '';
  const summary = new Table({ ...COMPACT });
  summary.push(
    { corpus: inspection.corpus_dir },
    { documents: `${inspection.documents} (${first}–${last}); vocabulary counted over the first ${inspection.vocabulary_documents}` },
    {
      tokens: `${inspection.total_tokens} ${noun} (per document: min ${tokenCounts[0]}, median ${median}, max ${tokenCounts[tokenCounts.length - 1]})`,
    },
    { vocabulary: `${inspection.vocabulary_size} tokens including UNK (${noun} seen more than ${inspection.min_count} time${inspection.min_count === 1 ? '' : 's'})` },
    {
      'UNK rate': `${(100 * inspection.unk_rate).toFixed(2)}% (${inspection.unk_tokens} of ${inspection.total_tokens} ${noun} map to UNK)`,
    },
    {
      'validation (book rule)':
        `${picked.length > 0 ? picked.join(', ') : 'none'}${shortfall}\n` +
        `the first ${validation.requested} documents with more than ${validation.threshold} ${noun} ` +
        `((num_steps ${validation.num_steps} + 1) × ${validation.tokens_per_document});\n` +
        `each gives up its last ${validation.tokens_per_document} ${noun}, scored on ${validation.predictions_per_document} predictions`,
    },
  );

  const common = new Table({ ...COMPACT, head: ['rank', 'token', 'count', 'share'], colAligns: ['right', 'left', 'right', 'right'] });
  const countedTotal = inspection.vocabulary_counts.reduce((sum, count) => sum + count, 0);
  inspection.most_common.forEach(({ token, count }, i) => {
    common.push([i + 1, showToken(token), count, `${((100 * count) / countedTotal).toFixed(2)}%`]);
  });

  const validationSet = new Set(picked);
  const documents = new Table({
    ...COMPACT,
    head: ['document', 'characters', noun, 'UNK', 'validation'],
    colAligns: ['left', 'right', 'right', 'right', 'left'],
  });
  for (const d of inspection.per_document) {
    documents.push([d.name, d.characters, d.tokens, d.unk_tokens, validationSet.has(d.name) ? 'yes' : '']);
  }
  return [
    summary.toString(),
    '',
    `Most common ${noun} (over the ${inspection.vocabulary_documents} vocabulary documents)`,
    common.toString(),
    '',
    `${noun[0].toUpperCase()}${noun.slice(1)} per document`,
    documents.toString(),
    '',
  ].join('\n');
}
