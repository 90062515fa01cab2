// The empty dashboard's offer: while no book is stored, one button loads the demo data set (POST v1/demo) to run at once.
import { api } from './api.js';
import { format, h } from './dom.js';

/**
 * A panel for the run form, hidden until show(). After a load, onLoaded(loaded) gets what POST v1/demo answered, so the
 * form can read its lists again; the panel then says what was loaded.
 */
export function demoOffer(onLoaded) {
  const status = h('p', { role: 'status', class: 'form-status', 'data-testid': 'demo-status' });
  const button = h('button', { type: 'button', 'data-testid': 'demo-load' }, 'Load demo data');
  const panel = h('div', { class: 'demo-offer', 'data-testid': 'demo-offer', hidden: true },
    h('h3', {}, 'Nothing to run yet'),
    h('p', {}, 'No books are stored. The demo data set has four books of options, swaps and bonds (a few thousand trades), ',
      'market data snapshot "demo" and two scenario sets: load it, then submit a run from it.'),
    button,
    status);

  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = 'Loading the demo data…';
    try {
      const loaded = await api.loadDemo();
      await onLoaded(loaded);
      button.hidden = true;
      status.textContent = `Loaded ${format.count(loaded.trades)} trades in ${loaded.books.length} books, snapshot ${loaded.snapshotId} `
        + `and ${loaded.scenarioSets.length} scenario sets: they are chosen below, so "Submit run" prices them.`;
    } catch (error) {
      button.disabled = false;
      status.textContent = `The demo data could not be loaded: ${error.message}`;
    }
  });

  return { element: panel, show: () => { panel.hidden = false; } };
}
