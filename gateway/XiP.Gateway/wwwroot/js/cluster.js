// The cluster: silos with their load, and activations per grain type (GET /v1/cluster).
import { api } from './api.js';
import { format, h } from './dom.js';

const refreshMilliseconds = 5000;

// "Namespace.Type,Assembly" → "Type"; the full name stays in the title
function shortType(type) {
  const name = type.split(',')[0];
  return name.slice(name.lastIndexOf('.') + 1);
}

function cpuMeter(silo) {
  if (silo.cpuUsage === null || silo.cpuUsage === undefined) {
    return '—';
  }
  const percent = Math.round(silo.cpuUsage);
  return h('span', { class: 'load' },
    h('meter', { min: 0, max: 100, high: 80, value: percent, 'aria-label': `CPU of ${silo.address}` }),
    ` ${percent}%`);
}

function siloRow(silo) {
  return h('tr', { 'data-testid': 'silo-row', 'data-silo': silo.address },
    h('th', { scope: 'row', class: 'mono' }, silo.address),
    h('td', {}, silo.name),
    h('td', {}, silo.hostName),
    h('td', { 'data-testid': 'silo-status' }, silo.status),
    h('td', { class: 'num', 'data-testid': 'silo-activations' }, format.count(silo.activations)),
    h('td', {}, cpuMeter(silo)),
    h('td', { class: 'num' }, format.bytes(silo.memoryUsage)),
    h('td', { class: 'num' }, format.bytes(silo.availableMemory)),
    h('td', { class: 'num' }, format.count(silo.clientCount)),
    h('td', {}, silo.isOverloaded === null || silo.isOverloaded === undefined ? '—' : (silo.isOverloaded ? 'yes' : 'no')));
}

function grainRow(grain) {
  return h('tr', { 'data-testid': 'grain-row', 'data-grain-type': grain.type },
    h('th', { scope: 'row', title: grain.type }, shortType(grain.type)),
    h('td', { class: 'mono' }, grain.silo),
    h('td', { class: 'num', 'data-testid': 'grain-activations' }, format.count(grain.activations)));
}

function table(testId, caption, columns, rows) {
  return h('table', { 'data-testid': testId },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows));
}

export function renderCluster(view) {
  const status = h('p', { role: 'status', class: 'list-status' });
  const content = h('div', {});
  let stopped = false;

  async function refresh() {
    try {
      const cluster = await api.cluster();
      if (stopped) {
        return;
      }
      status.textContent = `Updated ${new Date().toLocaleTimeString()}.`;
      const grains = [...cluster.grainTypes].sort((a, b) => b.activations - a.activations || a.type.localeCompare(b.type));
      content.replaceChildren(
        h('section', { 'aria-labelledby': 'silos-title' },
          h('h2', { id: 'silos-title' }, `Silos (${cluster.silos.length})`),
          table('silos-table', 'Silos in the cluster and their load',
            ['Address', 'Name', 'Host', 'Status', 'Activations', 'CPU', 'Memory used', 'Memory available', 'Clients', 'Overloaded'],
            cluster.silos.map(siloRow))),
        h('section', { 'aria-labelledby': 'grains-title' },
          h('h2', { id: 'grains-title' }, 'Activations by grain type'),
          table('grains-table', 'Grain activations per type and silo', ['Grain type', 'Silo', 'Activations'], grains.map(grainRow))));
    } catch (error) {
      status.textContent = `The cluster could not be read: ${error.message}`;
    }
  }

  view.append(h('h1', {}, 'Cluster'), h('p', {}, 'More detail, with call rates and latencies, in the ', h('a', { href: 'orleans/' }, 'Orleans dashboard'), '.'), status, content);
  refresh();
  const timer = setInterval(refresh, refreshMilliseconds);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
