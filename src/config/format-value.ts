// Short, readable renderings of user values inside messages: JSON-quoted in "got …", YAML-like in grid points.

const MAX_LENGTH = 60;

function truncate(text: string): string {
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

/** A value as received, for `got …`: strings JSON-quoted, lists and mappings as compact JSON. */
export function formatReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  return truncate(JSON.stringify(value) ?? String(value));
}

/** A value as a YAML flow scalar: bare when unambiguous (`rnncf`, `100`), quoted otherwise. */
export function formatFlow(value: unknown): string {
  if (typeof value === 'string') {
    const plain = /^[A-Za-z_/.][A-Za-z0-9_./-]*$/.test(value) && !/^(true|false|null|~|yes|no)$/i.test(value);
    return plain ? value : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(formatFlow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${formatFlow(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}
