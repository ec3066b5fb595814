import { useEffect, useState } from 'react';

interface Health {
  status: string;
  version: string;
  store: string;
  embeddings: { model: string; state: string };
}

/** Placeholder until the web client lands: shows that the hub is up and what it runs on. */
export function App() {
  const [health, setHealth] = useState<Health | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    fetch('/api/health')
      .then((r) => (r.ok ? (r.json() as Promise<Health>) : Promise.reject(new Error(String(r.status)))))
      .then(setHealth, () => setFailed(true));
  }, []);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '4rem auto', padding: '0 1rem' }}>
      <h1>Cohort</h1>
      <p>A hub for founder communities: live notebooks, topic rooms, threads and partner matching.</p>
      {health && (
        <p data-testid="health">
          Hub {health.version} is {health.status}, storing in {health.store}; embeddings {health.embeddings.state}.
        </p>
      )}
      {failed && <p role="alert">The hub does not answer.</p>}
    </main>
  );
}
