// How metrics cross into SQLite and back: ±Infinity stays a REAL, NaN (which SQLite would turn into NULL) is the text 'NaN'.

/** The text a NaN metric is stored as; NULL keeps meaning "not measured". */
export const NAN_TEXT = 'NaN';

/** A metric as bound to SQLite: finite and infinite numbers as themselves, NaN as 'NaN', null as NULL. */
export function toStoredNumber(value: number | null | undefined): number | string | null {
  if (value === null || value === undefined) return null;
  return Number.isNaN(value) ? NAN_TEXT : value;
}

/** A metric read from SQLite: REAL/INTEGER as numbers, 'NaN' as NaN, NULL as null. Anything else is a corrupt cell. */
export function fromStoredNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === NAN_TEXT) return NaN;
  throw new Error(`results store: expected a number, NULL or 'NaN' in a metric column, got ${JSON.stringify(value)}`);
}

/** Like fromStoredNumber for NOT NULL columns. */
export function fromStoredRequiredNumber(value: unknown): number {
  const number = fromStoredNumber(value);
  if (number === null) throw new Error('results store: unexpected NULL in a NOT NULL metric column');
  return number;
}
