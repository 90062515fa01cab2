// Hash routes: #/runs (default), #/runs/{id}, #/cluster. Each view returns a function that stops its timers and streams.
import { renderCluster } from './cluster.js';
import { renderRun } from './run.js';
import { renderRuns } from './runs.js';

const view = document.getElementById('view');
let stopView = () => {};

function route() {
  stopView();
  view.replaceChildren();
  const hash = location.hash || '#/runs';
  const run = /^#\/runs\/(.+)$/.exec(hash);
  if (run) {
    stopView = renderRun(view, decodeURIComponent(run[1]));
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

window.addEventListener('hashchange', route);
route();
