import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// Pages load lazily. After a new release the chunks an open tab was built against are gone, and
// opening a page fails: load the new release instead, at most once a minute (never in a loop).
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('haven.reloadedForChunks') ?? 0);
  if (Date.now() - last < 60_000) return;
  sessionStorage.setItem('haven.reloadedForChunks', String(Date.now()));
  event.preventDefault();
  window.location.reload();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
