// Whether parsed YAML data contains itself (an anchor whose alias sits inside it: `&a [*a]`), which no spec can mean.

export function hasCycle(value: unknown, ancestors: Set<object> = new Set()): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (ancestors.has(value)) return true;
  ancestors.add(value);
  const children = Array.isArray(value) ? value : Object.values(value);
  const found = children.some((child) => hasCycle(child, ancestors));
  ancestors.delete(value);
  return found;
}
