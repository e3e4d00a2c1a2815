// One metric as a table cell: fixed decimals when finite, NaN/Infinity spelled out, "—" when not measured.
export function formatMetric(value: number | null, digits: number): string {
  if (value === null) return '—';
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}
