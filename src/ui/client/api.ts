// Reading the dashboard's JSON API, and the hook every view uses to load (and live-reload) its data.
import { useEffect, useState } from 'preact/hooks';

export type Params = Record<string, string | number | null | undefined>;

export function apiUrl(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined) query.set(key, String(value));
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

/** GET an API route; a 4xx/5xx answer throws an Error with the server's message (what rnnlab would print). */
export async function getJson<T>(path: string, params: Params = {}): Promise<T> {
  const response = await fetch(apiUrl(path, params));
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
}

/** Loads `path` with `params` and again whenever `version` changes (live updates); keeps the last answer shown
 *  while a new one loads, so a live table does not flicker. A null path loads nothing. */
export function useApi<T>(path: string | null, params: Params, version = 0): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null });
  const key = path === null ? null : apiUrl(path, params);
  useEffect(() => {
    if (path === null) return;
    let current = true;
    getJson<T>(path, params).then(
      // An unchanged answer keeps the old object, so a chart is not redrawn (losing the hover) on every heartbeat.
      (data) => current && setState((old) => (JSON.stringify(old.data) === JSON.stringify(data) && old.error === null ? old : { data, error: null })),
      (error: Error) => current && setState({ data: null, error: error.message }),
    );
    return () => {
      current = false;
    };
  }, [key, version]);
  return state;
}
