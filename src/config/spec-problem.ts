// The shape of one problem found in an experiment file: where it is, which value, what is wrong.

/** Where a problem is: a 1-based line and column in the file, or the command-line option that set the value. */
export type SpecLocation = { line: number; col: number } | { option: string };

export interface SpecProblem {
  location: SpecLocation;
  /** JSON pointer of the offending value in the file (`/model/type`); absent for YAML syntax errors. */
  pointer?: string;
  message: string;
}

/** A JSON pointer from path segments, escaping `~` and `/` as RFC 6901 says; the root is shown as `/`. */
export function toPointer(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '/';
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Path segments of a JSON pointer (inverse of toPointer). */
export function fromPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
