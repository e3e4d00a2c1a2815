// Short, readable renderings of user values inside messages: JSON-quoted in "got …", YAML-like in grid points.

const MAX_LENGTH = 60;

function truncate(text: string): string {
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

/** YAML's spelling of a non-finite number (JSON has none: JSON.stringify would say null). */
function yamlNonFinite(value: number): string {
  return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
}

/** A value as received, for `got …`: strings JSON-quoted, lists and mappings as compact JSON; NaN and ±Infinity
 *  as YAML writes them (.nan, .inf, -.inf), anywhere inside the value. */
export function formatReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return yamlNonFinite(value);
  const marked = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? `\u0000${yamlNonFinite(v)}` : v,
  );
  return truncate(marked === undefined ? String(value) : marked.replace(/"\\u0000([^"]*)"/g, '$1'));
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
  if (typeof value === 'number' && !Number.isFinite(value)) return yamlNonFinite(value);
  return String(value);
}
