// Live pricing: a subscription's totals and trades, updated in place from its server-sent events.
// #/live asks for a subscription (an id, or a book, live market and measures to create one); #/live/{id} follows it.
import { format, h } from './dom.js';
import { antiforgeryHeaders, requireSignIn } from './session.js';

const subscription = id => `v1/subscriptions/${encodeURIComponent(id)}`;

async function createSubscription(body) {
  const response = await fetch('v1/subscriptions', {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...antiforgeryHeaders() },
    body: JSON.stringify(body),
  });
  if (response.status === 401) {
    requireSignIn();
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(data?.detail ?? data?.title ?? `HTTP ${response.status}`);
  }
  return data.subscriptionId;
}

function field(name, label, value) {
  return h('div', { class: 'field' },
    h('label', { for: `live-${name}` }, label),
    h('input', { id: `live-${name}`, name, type: 'text', autocomplete: 'off', value, 'data-testid': `live-form-${name}` }));
}

function chooser(view) {
  const status = h('p', { role: 'status', class: 'form-status', 'data-testid': 'live-form-status' });
  const open = h('form', { class: 'run-form', 'aria-labelledby': 'live-open-title', 'data-testid': 'live-open-form' },
    h('h2', { id: 'live-open-title' }, 'Follow a subscription'),
    h('div', { class: 'fields' }, field('subscriptionId', 'Subscription id', '')),
    h('button', { type: 'submit', 'data-testid': 'live-open-submit' }, 'Follow'));
  open.addEventListener('submit', event => {
    event.preventDefault();
    const id = new FormData(open).get('subscriptionId').trim();
    if (id) {
      location.hash = `#/live/${encodeURIComponent(id)}`;
    }
  });

  const create = h('form', { class: 'run-form', 'aria-labelledby': 'live-create-title', 'data-testid': 'live-create-form' },
    h('h2', { id: 'live-create-title' }, 'Create a subscription'),
    h('div', { class: 'fields' },
      field('book', 'Book', ''),
      field('liveMarket', 'Live market', ''),
      field('measures', 'Measures (comma-separated)', 'pv, delta')),
    h('button', { type: 'submit', 'data-testid': 'live-create-submit' }, 'Create and follow'),
    status);
  create.addEventListener('submit', async event => {
    event.preventDefault();
    const data = new FormData(create);
    const measures = data.get('measures').split(',').map(m => m.trim()).filter(m => m);
    status.textContent = 'Creating…';
    try {
      const id = await createSubscription({ book: data.get('book').trim(), liveMarket: data.get('liveMarket').trim(), measures });
      location.hash = `#/live/${encodeURIComponent(id)}`;
    } catch (error) {
      status.textContent = error.message;
    }
  });

  view.append(h('h1', {}, 'Live pricing'), open, create);
  return () => {};
}

// The table keeps one row per trade and rewrites only the cells of trades an update carries.
function follow(view, id) {
  const measures = [];
  const rows = new Map();
  const version = h('strong', { 'data-testid': 'live-version' }, '—');
  const connection = h('span', { role: 'status', 'data-testid': 'live-connection' }, 'Connecting…');
  const totals = h('dl', { 'data-testid': 'live-totals' });
  const head = h('tr', {});
  const body = h('tbody', {});
  view.append(
    h('h1', {}, 'Live pricing ', h('span', { class: 'mono' }, id)),
    h('p', {}, 'Market version ', version, ' · ', connection),
    h('section', { 'aria-labelledby': 'live-totals-title', class: 'panel' }, h('h2', { id: 'live-totals-title' }, 'Book totals'), totals),
    h('section', { 'aria-labelledby': 'live-trades-title', class: 'panel' },
      h('h2', { id: 'live-trades-title' }, 'Trades'),
      h('table', { 'data-testid': 'live-trades' }, h('thead', {}, head), body)));

  function ensureMeasures(values) {
    const added = Object.keys(values ?? {}).filter(m => !measures.includes(m));
    if (added.length === 0) {
      return;
    }
    measures.push(...added);
    head.replaceChildren(h('th', { scope: 'col' }, 'Trade'), ...measures.map(m => h('th', { scope: 'col', class: 'num' }, m)), h('th', { scope: 'col' }, 'Error'));
    for (const [tradeId, row] of rows) {
      rows.set(tradeId, rebuild(row, tradeId));
    }
  }

  function rebuild(old, tradeId) {
    const row = h('tr', { 'data-trade-id': tradeId },
      h('th', { scope: 'row', class: 'mono' }, tradeId),
      ...measures.map(m => h('td', { class: 'num', 'data-measure': m })),
      h('td', { 'data-measure': 'error' }));
    if (old) {
      for (const cell of old.querySelectorAll('td[data-measure]')) {
        const target = row.querySelector(`td[data-measure="${cell.dataset.measure}"]`);
        target.textContent = cell.textContent;
        if (cell.dataset.value !== undefined) {
          target.dataset.value = cell.dataset.value;
        }
      }
      old.replaceWith(row);
    } else {
      body.append(row);
    }
    return row;
  }

  function apply(update) {
    version.textContent = String(update.version);
    version.dataset.value = String(update.version);
    for (const trade of update.changed) {
      ensureMeasures(trade.values);
    }
    for (const row of body.querySelectorAll('tr.moved')) {
      row.classList.remove('moved');
    }
    for (const trade of update.changed) {
      const row = rows.get(trade.tradeId) ?? rebuild(null, trade.tradeId);
      rows.set(trade.tradeId, row);
      for (const m of measures) {
        const cell = row.querySelector(`td[data-measure="${m}"]`);
        const value = trade.values?.[m];
        cell.textContent = format.amount(value);
        cell.dataset.value = value === undefined || value === null ? '' : String(value);
      }
      row.querySelector('td[data-measure="error"]').textContent = Object.values(trade.errors ?? {}).join('; ');
      row.classList.add('moved');
      row.dataset.version = String(update.version);
    }
    totals.replaceChildren(...Object.entries(update.totals ?? {}).flatMap(([m, v]) => [
      h('dt', {}, m),
      h('dd', { 'data-testid': `live-total-${m}`, 'data-value': v }, format.amount(v))]));
  }

  const source = new EventSource(`${subscription(id)}/events`);
  let first = true;
  source.addEventListener('update', e => {
    const update = JSON.parse(e.data);
    // the first event is the whole state: every trade is in it, and none moved yet
    apply(update);
    if (first) {
      first = false;
      for (const row of body.querySelectorAll('tr.moved')) {
        row.classList.remove('moved');
      }
    }
    connection.textContent = 'Live';
  });
  source.addEventListener('open', () => { first = true; });
  source.addEventListener('error', () => {
    connection.textContent = source.readyState === EventSource.CLOSED ? 'Stream closed (no such subscription, or not allowed)' : 'Reconnecting…';
  });
  return () => source.close();
}

export function renderLive(view, id) {
  return id ? follow(view, id) : chooser(view);
}
