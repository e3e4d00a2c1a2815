// The page's address: views live in the URL hash (#/experiment?db=0&name=tiny&tab=curves), so reload and links work.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  view: string;
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [view, query = ''] = hash.split('?', 2) as [string, string?];
  return { view: view === '' ? 'experiments' : view, params: new URLSearchParams(query) };
}

export function href(view: string, params: Record<string, string | number | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
  const text = query.toString();
  return `#/${view}${text === '' ? '' : `?${text}`}`;
}

/** Changes one or more parameters of the current view (replacing history, as for a filter). */
export function updateParams(changes: Record<string, string | null>): void {
  const { view, params } = currentRoute();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') params.delete(key);
    else params.set(key, value);
  }
  const text = params.toString();
  history.replaceState(null, '', `#/${view}${text === '' ? '' : `?${text}`}`);
  dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const listener = () => setRoute(currentRoute());
    addEventListener('hashchange', listener);
    return () => removeEventListener('hashchange', listener);
  }, []);
  return route;
}
