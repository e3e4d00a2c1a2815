// One experiment: its Runs, Curves, Compare and Samples tabs.
import { html } from 'htm/preact';
import { href } from './route.js';
import { RunsTab } from './runs-tab.js';
import { CurvesTab } from './curves-tab.js';
import { CompareTab } from './compare-tab.js';
import { SamplesTab } from './samples-tab.js';

const TABS = ['runs', 'curves', 'compare', 'samples'] as const;

export function ExperimentView({ params }: { params: URLSearchParams }) {
  const db = params.get('db') ?? '0';
  const name = params.get('name') ?? '';
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as string) : 'runs';
  const props = { db, name, params };
  return html`
    <h1>${name}</h1>
    <nav class="tabs">
      ${TABS.map(
        (t) => html`<a class=${t === tab ? 'active' : ''} data-tab=${t} href=${href('experiment', { db, name, tab: t })}>${t[0].toUpperCase() + t.slice(1)}</a>`,
      )}
    </nav>
    ${tab === 'runs'
      ? html`<${RunsTab} ...${props} />`
      : tab === 'curves'
        ? html`<${CurvesTab} ...${props} />`
        : tab === 'compare'
          ? html`<${CompareTab} ...${props} />`
          : html`<${SamplesTab} ...${props} />`}
  `;
}
