// The dashboard's entry: the header, and which view the address shows.
import { html, render } from 'htm/preact';
import { useRoute, href } from './route.js';
import { ExperimentsView } from './experiments-view.js';
import { ExperimentView } from './experiment-view.js';
import { RunView } from './run-view.js';
import { SqlView } from './sql-view.js';

function App() {
  const route = useRoute();
  let view;
  if (route.view === 'experiment') view = html`<${ExperimentView} params=${route.params} />`;
  else if (route.view === 'run') view = html`<${RunView} params=${route.params} />`;
  else if (route.view === 'sql') view = html`<${SqlView} params=${route.params} />`;
  else view = html`<${ExperimentsView} />`;
  return html`
    <header>
      <strong>rnnlab</strong>
      <a href=${href('experiments')}>Experiments</a>
      <a href=${href('sql')}>SQL</a>
    </header>
    <main>${view}</main>
  `;
}

const root = document.getElementById('app') as HTMLElement;
root.replaceChildren(); // the static "loading…" placeholder
render(html`<${App} />`, root);
