import { h } from './dom.js';

/** A progress bar for a run: role progressbar with aria-valuenow, 0 to 100. */
export function progressBar(label, testId) {
  const fill = h('span', { class: 'progress-fill' });
  const text = h('span', { class: 'progress-text', 'aria-hidden': 'true' }, '0%');
  const bar = h('div', {
    class: 'progress',
    role: 'progressbar',
    'aria-label': label,
    'aria-valuemin': 0,
    'aria-valuemax': 100,
    'aria-valuenow': 0,
    'data-testid': testId,
  }, fill, text);
  return bar;
}

/** Shows done of total valuations; 100 only once every valuation is done. */
export function setProgress(bar, done, total) {
  const percent = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0;
  bar.setAttribute('aria-valuenow', String(percent));
  bar.setAttribute('aria-valuetext', `${percent}% (${done} of ${total} valuations)`);
  bar.querySelector('.progress-fill').style.width = `${percent}%`;
  bar.querySelector('.progress-text').textContent = `${percent}%`;
}
