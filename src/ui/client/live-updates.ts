// Live views: one EventSource on /api/events; a view that calls useLiveVersion() re-renders (and so reloads its
// data) each time the server says a database changed.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();
let source: EventSource | null = null;

function connect(): void {
  if (source !== null) return;
  source = new EventSource('/api/events');
  source.addEventListener('change', () => {
    for (const listener of listeners) listener();
  });
}

/** A number that grows by one whenever any database the server shows changed. */
export function useLiveVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    connect();
    const listener = () => setVersion((v) => v + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return version;
}
