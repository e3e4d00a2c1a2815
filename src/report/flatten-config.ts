// A config's leaf values by dotted path (arrays are leaves), as JSON text, so two configs compare key by key.

export function flattenConfig(node: unknown, prefix: string, into: Map<string, string>): Map<string, string> {
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) flattenConfig(value, prefix === '' ? key : `${prefix}.${key}`, into);
  } else {
    into.set(prefix, JSON.stringify(node));
  }
  return into;
}
