import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { dismissEarlyLogin, forgetEarlyLogin } from './layout/earlyLogin';
import { mayBeSignedIn } from './providers/refresh';

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
// A page that may be signed in (the server did not see the hint: an old cookie, a proxy) shows the
// app, not the form. Should the app never show its form, the page's must not stay in front of it:
// it goes after 20 s, what was typed kept for LoginPage.
if (mayBeSignedIn()) forgetEarlyLogin();
setTimeout(dismissEarlyLogin, 20_000);
