// Hash routes: #/runs (default), #/runs/{id}, #/cluster. Each view returns a function that stops its timers and streams.
import { renderCluster } from './cluster.js';
import { renderLive } from './live.js';
import { renderRun } from './run.js';
import { renderRuns } from './runs.js';
import { signedIn, signOut } from './session.js';
import { renderSignIn } from './signin.js';

const view = document.getElementById('view');
let stopView = () => {};

function route() {
  stopView();
  view.replaceChildren();
  const hash = location.hash || '#/runs';
  const run = /^#\/runs\/(.+)$/.exec(hash);
  if (run) {
    stopView = renderRun(view, decodeURIComponent(run[1]));
  } else if (/^#\/live(\/|$)/.test(hash)) {
    stopView = renderLive(view, hash.length > 7 ? decodeURIComponent(hash.slice(7)) : null);
  } else if (hash === '#/cluster') {
    stopView = renderCluster(view);
  } else {
    stopView = renderRuns(view);
  }
  for (const link of document.querySelectorAll('nav a[href^="#"]')) {
    const current = hash === link.getAttribute('href') || (run && link.getAttribute('href') === '#/runs');
    if (current) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  document.title = run ? `Run ${decodeURIComponent(run[1])} · XiP` : hash === '#/cluster' ? 'Cluster · XiP' : 'Risk runs · XiP';
}

const signOutButton = document.getElementById('sign-out');

function showSignedIn() {
  signOutButton.hidden = !signedIn();
}

// a call answered 401: the views stop, and the form takes their place until a key opens a session
window.addEventListener('xip:sign-in', () => {
  stopView();
  stopView = renderSignIn(view, () => {
    showSignedIn();
    route();
  });
  showSignedIn();
});
signOutButton.addEventListener('click', async () => {
  await signOut();
  showSignedIn();
  window.dispatchEvent(new CustomEvent('xip:sign-in'));
});

window.addEventListener('hashchange', route);
showSignedIn();
route();
