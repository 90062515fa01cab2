// The runs list: a submit form, then the latest runs with a live progress bar for each.
import { api, ApiError, followRun } from './api.js';
import { demoOffer } from './demo.js';
import { format, h, statusBadge } from './dom.js';
import { progressBar, setProgress } from './progress.js';

const measures = ['pv', 'delta', 'gamma', 'vega', 'theta', 'rho', 'dividendRho', 'pv01', 'parRate', 'dirtyPrice', 'cleanPrice', 'accruedInterest'];
const refreshMilliseconds = 5000;

// counts of finished runs never change, so one fetch each is enough for as long as the page lives
const finished = new Map();

// a choice among what is stored, so a newcomer picks rather than remembers ids; the list is read when the form is drawn,
// and again when the demo data set has been loaded, choosing what it names
function field(name, label, hint, required, load, describe) {
  const select = h('select', { id: `run-${name}`, name, required, 'aria-describedby': `run-${name}-error`, 'data-testid': `run-form-${name}` },
    h('option', { value: '' }, required ? 'Loading…' : '(none)'));
  const reload = async chosen => {
    try {
      const page = await load();
      const placeholder = required ? [h('option', { value: '' }, page.items.length ? 'Choose…' : 'None stored yet')] : [h('option', { value: '' }, '(none)')];
      select.replaceChildren(...placeholder, ...page.items.map(item => h('option', { value: describe(item).value }, describe(item).text)));
      if (chosen && page.items.some(item => describe(item).value === chosen)) {
        select.value = chosen;
      }
      return page.items;
    } catch (error) {
      select.replaceChildren(h('option', { value: '' }, `Could not be listed: ${error.message}`));
      return null;
    }
  };
  const element = h('div', { class: 'field' },
    h('label', { for: `run-${name}` }, label, hint ? h('span', { class: 'hint' }, ` ${hint}`) : null),
    select,
    h('span', { id: `run-${name}-error`, class: 'field-error', 'data-testid': `run-form-${name}-error` }));
  return { element, reload };
}

function submitForm(onSubmitted) {
  const measureBoxes = measures.map(m => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'measures', value: m, checked: m === 'pv', 'data-testid': `run-form-measure-${m}` }), ` ${m}`));
  const status = h('p', { role: 'status', class: 'form-status', 'data-testid': 'run-form-status' });
  const book = field('book', 'Book', null, true, api.listBooks, b => ({ value: b.book, text: `${b.book} (${format.count(b.trades)} trades)` }));
  const marketData = field('marketDataId', 'Market data snapshot', null, true, api.listMarketData, m => ({ value: m.snapshotId, text: `${m.snapshotId} (${m.valuationDate})` }));
  const scenarioSet = field('scenarioSetId', 'Scenario set', '(optional)', false, api.listScenarioSets, s => ({ value: s.id, text: `${s.id} (${format.count(s.scenarios)} scenarios)` }));
  const offer = demoOffer(loaded => Promise.all([
    book.reload(loaded.books[0]), marketData.reload(loaded.snapshotId), scenarioSet.reload(loaded.scenarioSets[0])]));
  book.reload().then(books => {
    if (books && books.length === 0) {
      offer.show();
    }
  });
  marketData.reload();
  scenarioSet.reload();
  const form = h('form', { class: 'run-form', 'aria-labelledby': 'run-form-title', 'data-testid': 'run-form', novalidate: true },
    h('h2', { id: 'run-form-title' }, 'Submit a run'),
    offer.element,
    h('div', { class: 'fields' }, book.element, marketData.element, scenarioSet.element),
    h('fieldset', { 'aria-describedby': 'run-measures-error' },
      h('legend', {}, 'Measures'),
      h('div', { class: 'checks' }, measureBoxes),
      h('span', { id: 'run-measures-error', class: 'field-error', 'data-testid': 'run-form-measures-error' })),
    h('button', { type: 'submit', 'data-testid': 'run-form-submit' }, 'Submit run'),
    status);

  form.addEventListener('submit', async event => {
    event.preventDefault();
    for (const error of form.querySelectorAll('.field-error')) {
      error.textContent = '';
    }
    for (const input of form.querySelectorAll('[aria-invalid]')) {
      input.removeAttribute('aria-invalid');
    }
    const data = new FormData(form);
    const body = { book: data.get('book').trim(), marketDataId: data.get('marketDataId').trim(), measures: data.getAll('measures') };
    const scenarioSetId = data.get('scenarioSetId').trim();
    if (scenarioSetId) {
      body.scenarioSetId = scenarioSetId;
    }
    status.textContent = 'Submitting…';
    status.removeAttribute('data-run-id');
    try {
      const run = await api.submitRun(body);
      status.replaceChildren('Submitted ', h('a', { href: `#/runs/${encodeURIComponent(run.runId)}`, 'data-testid': 'run-form-link' }, run.runId), '.');
      status.setAttribute('data-run-id', run.runId);
      onSubmitted(run);
    } catch (error) {
      showErrors(form, status, error);
    }
  });
  return form;
}

function showErrors(form, status, error) {
  if (!(error instanceof ApiError)) {
    status.textContent = `The run could not be submitted: ${error.message}`;
    return;
  }
  const unplaced = [];
  for (const [path, messages] of Object.entries(error.fieldErrors)) {
    // "measures[2]" belongs to the measures fieldset
    const name = path.replace(/\[\d+\]$/, '');
    const target = form.querySelector(`#run-${name}-error`);
    if (target) {
      target.textContent = messages.join(' ');
      form.querySelector(`#run-${name}`)?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(`${path}: ${messages.join(' ')}`);
    }
  }
  status.textContent = [error.problem?.title ?? error.message, ...unplaced].join(' ');
}

function runRow(entry) {
  const bar = progressBar(`Progress of ${entry.runId}`, 'run-progress');
  const status = h('td', {}, statusBadge(entry.status, 'run-status'));
  const row = h('tr', { 'data-testid': 'run-row', 'data-run-id': entry.runId },
    h('th', { scope: 'row' }, h('a', { href: `#/runs/${encodeURIComponent(entry.runId)}` }, entry.runId)),
    status,
    h('td', {}, format.time(entry.submittedAt)),
    h('td', {}, bar));
  return { row, bar, status, stop: null, state: entry.status };
}

function show(item, progress) {
  setProgress(item.bar, progress.done, progress.total);
  if (progress.status !== item.state) {
    item.state = progress.status;
    item.status.replaceChildren(statusBadge(progress.status, 'run-status'));
  }
}

export function renderRuns(view) {
  const rows = new Map();
  const body = h('tbody', {});
  const empty = h('p', { class: 'empty', 'data-testid': 'runs-empty', hidden: true }, 'No runs yet.');
  const listStatus = h('p', { role: 'status', class: 'list-status' });
  let timer = null;
  let stopped = false;

  function track(item, runId) {
    if (finished.has(runId)) {
      show(item, finished.get(runId));
      return;
    }
    item.stop = followRun(runId, (progress, name) => {
      show(item, progress);
      if (name !== 'progress') {
        finished.set(runId, progress);
        item.stop = null;
      }
    });
  }

  async function refresh() {
    try {
      const entries = await api.listRuns();
      if (stopped) {
        return;
      }
      listStatus.textContent = '';
      empty.hidden = entries.length > 0;
      for (const entry of entries) {
        let item = rows.get(entry.runId);
        if (!item) {
          item = runRow(entry);
          rows.set(entry.runId, item);
          track(item, entry.runId);
        }
        body.append(item.row);
      }
      // runs that fell off the end of the list
      const listed = new Set(entries.map(e => e.runId));
      for (const [runId, item] of rows) {
        if (!listed.has(runId)) {
          item.stop?.();
          item.row.remove();
          rows.delete(runId);
        }
      }
    } catch (error) {
      listStatus.textContent = `The runs could not be listed: ${error.message}`;
    }
  }

  view.append(
    h('h1', {}, 'Risk runs'),
    submitForm(() => refresh()),
    h('section', { 'aria-labelledby': 'runs-title' },
      h('h2', { id: 'runs-title' }, 'Latest runs'),
      listStatus,
      empty,
      h('table', { class: 'runs', 'data-testid': 'runs-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Run'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Submitted'), h('th', { scope: 'col' }, 'Progress'))),
        body)));
  refresh();
  timer = setInterval(refresh, refreshMilliseconds);
  return () => {
    stopped = true;
    clearInterval(timer);
    for (const item of rows.values()) {
      item.stop?.();
    }
  };
}
