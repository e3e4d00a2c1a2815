// How numbers and values read on the page (perplexities to 0.01, whole tokens/s, durations in s/min/h).

export function formatNumber(value: unknown, digits = 2): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value; // "NaN", "Infinity" as the API spells them
  if (typeof value !== 'number') return String(value);
  return value.toFixed(digits);
}

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** A grid value as rnnlab prints it: strings bare, everything else as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The last segment of a dotted key (model.type → type). */
export function shortKey(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1);
}
