// One run: status, counts, timings, then the scenario P&L distribution with VaR and ES once it completes.
import { api, followRun } from './api.js';
import { histogram } from './chart.js';
import { format, h, statusBadge, terminalStates } from './dom.js';
import { progressBar, setProgress } from './progress.js';

const riskMeasures = [
  { key: 'var95', label: 'VaR 95%' },
  { key: 'var99', label: 'VaR 99%' },
  { key: 'es95', label: 'ES 95%' },
  { key: 'es99', label: 'ES 99%' },
];

function row(term, value, testId) {
  return [h('dt', {}, term), h('dd', { 'data-testid': testId }, value)];
}

// Where the run's batches were computed: one row per silo.
function batchesBySilo(bySilo) {
  const silos = Object.entries(bySilo ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return h('section', { 'aria-labelledby': 'run-silos-title', class: 'panel' },
    h('h2', { id: 'run-silos-title' }, 'Batches by silo'),
    silos.length === 0
      ? h('p', {}, 'No batch completed yet.')
      : h('table', { 'data-testid': 'run-batches-by-silo' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Silo'), h('th', { scope: 'col' }, 'Batches'))),
        h('tbody', {}, silos.map(([silo, batches]) => h('tr', { 'data-silo': silo },
          h('th', { scope: 'row', class: 'mono' }, silo),
          h('td', { class: 'num' }, format.count(batches)))))));
}

function details(run) {
  const shape = run.shape;
  const timings = run.timings;
  const request = run.request;
  return h('div', { class: 'panels' },
    h('section', { 'aria-labelledby': 'run-counts-title', class: 'panel' },
      h('h2', { id: 'run-counts-title' }, 'Counts'),
      h('dl', {},
        row('Valuations', format.count(run.total), 'run-total'),
        row('Done', format.count(run.done), 'run-done'),
        row('Failed valuations', format.count(run.failed), 'run-failed'),
        row('Failed trades', format.count(run.summary?.failedTrades), 'run-failed-trades'),
        row('Retried batches', format.count(run.retriedBatches), 'run-retried'),
        row('Trades × scenarios × measures', shape ? `${shape.trades} × ${shape.scenarios} × ${shape.measures}` : '—', 'run-shape'),
        row('Batches', format.count(shape?.batches), 'run-batches'),
        run.waitingFor ? row('Waiting for', `an active ${run.waitingFor} silo`, 'run-waiting-for') : [])),
    batchesBySilo(run.batchesBySilo),
    h('section', { 'aria-labelledby': 'run-timings-title', class: 'panel' },
      h('h2', { id: 'run-timings-title' }, 'Timings'),
      h('dl', {},
        row('Submitted', format.time(run.submittedAt), 'run-submitted'),
        row('Started', format.time(run.startedAt), 'run-started'),
        row('Completed', format.time(run.completedAt), 'run-completed'),
        row('Resolving inputs', format.seconds(timings?.resolveSeconds), 'run-resolve-seconds'),
        row('Computing', format.seconds(timings?.computeSeconds), 'run-compute-seconds'),
        row('In all', format.seconds(timings?.totalSeconds), 'run-total-seconds'),
        row('Valuations per second', format.count(timings?.valuationsPerSecond), 'run-rate'))),
    h('section', { 'aria-labelledby': 'run-request-title', class: 'panel' },
      h('h2', { id: 'run-request-title' }, 'Request'),
      h('dl', {},
        row('Book', request?.book ?? (request?.tradeIds ? `${request.tradeIds.length} trades` : '—'), 'run-book'),
        row('Market data', request?.marketDataId ?? '—', 'run-market-data'),
        row('Scenario set', request?.scenarioSetId ?? 'none', 'run-scenario-set'),
        row('Measures', request?.measures?.join(', ') ?? '—', 'run-measures'))));
}

function risk(summary, summaryError) {
  if (!summary) {
    // a completed run whose totals are not finite has no summary, only the reason
    return summaryError
      ? h('section', { 'aria-labelledby': 'run-risk-title', class: 'risk' },
        h('h2', { id: 'run-risk-title' }, 'Scenario P&L'),
        h('p', { 'data-testid': 'run-summary-error' }, summaryError))
      : null;
  }
  const pnl = summary.pnlByScenario;
  const section = h('section', { 'aria-labelledby': 'run-risk-title', class: 'risk' },
    h('h2', { id: 'run-risk-title' }, 'Scenario P&L'),
    h('p', {}, 'Base PV ', h('strong', { 'data-testid': 'run-base-pv', 'data-value': summary.pvByScenario[0] }, format.amount(summary.pvByScenario[0])),
      ` over ${pnl.length} scenario${pnl.length === 1 ? '' : 's'}.`));
  if (pnl.length === 0) {
    section.append(h('p', { 'data-testid': 'run-no-scenarios' }, 'The run had no scenario set, so there is no P&L distribution.'));
    return section;
  }
  section.append(h('table', { class: 'measures', 'data-testid': 'risk-table' },
    h('caption', {}, 'Historical VaR and expected shortfall of the scenario P&L, as losses'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Measure'), h('th', { scope: 'col' }, 'Loss'))),
    h('tbody', {}, riskMeasures.map(m => h('tr', {},
      h('th', { scope: 'row' }, m.label),
      h('td', { 'data-testid': m.key, 'data-value': summary[m.key] ?? '' }, format.amount(summary[m.key])))))));
  // VaR and ES are losses: they sit at minus their value on the P&L axis
  const markers = riskMeasures.filter(m => summary[m.key] !== null && summary[m.key] !== undefined)
    .map(m => ({ key: m.key, label: m.label, value: -summary[m.key] }));
  section.append(h('figure', { class: 'chart-figure' },
    histogram(pnl, markers, 'Distribution of the scenario P&L'),
    h('figcaption', {}, 'Scenario P&L against the base market; the lines mark −VaR and −ES.')));
  return section;
}

export function renderRun(view, runId) {
  let stop = null;
  let stopped = false;
  const heading = h('h1', {}, 'Run ', h('span', { class: 'mono', 'data-testid': 'run-id' }, runId));
  const status = h('p', { class: 'run-status-line' }, 'Loading…');
  const bar = progressBar(`Progress of ${runId}`, 'run-progress');
  const cancel = h('button', { type: 'button', hidden: true, 'data-testid': 'run-cancel' }, 'Cancel run');
  const body = h('div', {});
  view.append(h('p', {}, h('a', { href: '#/runs' }, '← All runs')), heading, h('div', { class: 'run-head' }, status, bar, cancel), body);

  function showStatus(run) {
    status.replaceChildren('Status: ', statusBadge(run.status, 'run-status'));
    if (run.error) {
      status.append(h('span', { class: 'error', 'data-testid': 'run-error' }, ` ${run.error}`));
    }
    setProgress(bar, run.done, run.total);
    cancel.hidden = terminalStates.has(run.status);
  }

  async function load() {
    try {
      const run = await api.getRun(runId);
      if (stopped) {
        return;
      }
      showStatus(run);
      body.replaceChildren(details(run), risk(run.summary, run.summaryError) ?? '');
      if (!terminalStates.has(run.status) && !stop) {
        stop = followRun(runId, (progress, name) => {
          showStatus({ ...run, ...progress });
          if (name !== 'progress') {
            stop = null;
            load();
          }
        });
      }
    } catch (error) {
      status.textContent = error.status === 404 ? `No run '${runId}' exists.` : `The run could not be read: ${error.message}`;
      status.setAttribute('data-testid', 'run-missing');
    }
  }

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      showStatus(await api.cancelRun(runId));
    } finally {
      cancel.disabled = false;
    }
  });
  load();
  return () => {
    stopped = true;
    stop?.();
  };
}
