// A generated sample with its longest repeated substring highlighted (both of its first two occurrences).
import { html } from 'htm/preact';
import type { MarkedSample } from '../api-types.js';

export function MarkedText({ sample }: { sample: MarkedSample }) {
  const chars = Array.from(sample.text);
  const { start, length } = sample.repeat;
  if (length === 0) return html`<div class="sample">${sample.text}</div>`;
  const repeated = chars.slice(start, start + length).join('');
  // The second occurrence: the next place the substring starts again (it may overlap the first).
  const rest = chars.slice(start + 1).join('');
  const secondAt = rest.indexOf(repeated);
  const second = secondAt < 0 ? -1 : start + 1 + Array.from(rest.slice(0, secondAt)).length;
  const marks = new Uint8Array(chars.length);
  for (const at of [start, second]) if (at >= 0) for (let i = at; i < at + length; i++) marks[i] = 1;
  const parts: { text: string; marked: boolean }[] = [];
  chars.forEach((c, i) => {
    const last = parts.at(-1);
    if (last !== undefined && last.marked === (marks[i] === 1)) last.text += c;
    else parts.push({ text: c, marked: marks[i] === 1 });
  });
  return html`<div class="sample" title=${`longest repeated substring: ${length} characters`}>${parts.map((part) =>
    part.marked ? html`<mark class="repeat">${part.text}</mark>` : part.text,
  )}</div>`;
}
