// JSON for the dashboard's API: NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity", as rnnlab's other
// JSON outputs write them (JSON has no such numbers). Query cells go through jsonValue before (BLOBs, bigints).
import { jsonValue } from '../report/format-rows.js';

export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' ? jsonValue(item) : item));
}
