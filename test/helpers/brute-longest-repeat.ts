// The longest substring that occurs twice in a text (overlaps allowed), by brute force: an independent check on the
// linear-time suffix-automaton version the report and the dashboard use. ASCII texts only (UTF-16 indices).
export function bruteLongestRepeat(text: string): { start: number; length: number } {
  for (let length = text.length - 1; length > 0; length--) {
    for (let start = 0; start + length <= text.length; start++) {
      if (text.indexOf(text.slice(start, start + length), start + 1) >= 0) return { start, length };
    }
  }
  return { start: -1, length: 0 };
}
