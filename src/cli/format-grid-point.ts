// A run's grid point as one line: "model.type=rnn corpus.documents=20 seed=1".
import { formatValue } from '../report/group-runs.js';

export function formatGridPoint(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return '(base config)';
  return entries.map(([key, value]) => `${key}=${formatValue(value)}`).join(' ');
}
