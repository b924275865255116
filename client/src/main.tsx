import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { forgetEarlyLogin } from './layout/earlyLogin';

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

// The page's own sign-in form (login.<locale>.html) is taken over by LoginPage as soon as it mounts.
// Should the app never show it (it failed to start), the form must not stay in front of the app.
setTimeout(forgetEarlyLogin, 10_000);
