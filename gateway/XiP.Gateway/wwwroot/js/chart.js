// The scenario P&L histogram, drawn as SVG (no chart library: the page loads nothing from outside).
import { format } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const width = 720;
const height = 320;
const margin = { top: 56, right: 20, bottom: 40, left: 48 };

function s(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

/** About √n bins, at least 1 and at most 40. */
export function binCount(n) {
  return Math.max(1, Math.min(40, Math.ceil(Math.sqrt(n))));
}

/** Equal-width bins over [lo, hi]; the top edge belongs to the last bin. */
export function bins(values, lo, hi, count) {
  const step = (hi - lo) / count;
  const counts = new Array(count).fill(0);
  for (const value of values) {
    counts[Math.min(count - 1, Math.max(0, Math.floor((value - lo) / step)))] += 1;
  }
  return counts.map((n, i) => ({ from: lo + i * step, to: lo + (i + 1) * step, count: n }));
}

/**
 * A histogram of P&L values with vertical markers (e.g. −VaR, −ES) at their P&L.
 * markers: [{ key, label, value }]; each marker's line and label carry data-testid "marker-{key}".
 */
export function histogram(values, markers, title) {
  const positions = values.concat(markers.map(m => m.value));
  let lo = Math.min(...positions);
  let hi = Math.max(...positions);
  if (lo === hi) {
    // one distinct value: give the single bar some width
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.01 : 1;
    lo -= pad;
    hi += pad;
  }
  const data = bins(values, lo, hi, binCount(values.length));
  const top = Math.max(...data.map(b => b.count));
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const x = value => margin.left + ((value - lo) / (hi - lo)) * plotWidth;
  const y = count => margin.top + plotHeight - (count / top) * plotHeight;

  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'pnl-chart-title pnl-chart-desc', class: 'chart', 'data-testid': 'pnl-chart' });
  svg.append(s('title', { id: 'pnl-chart-title' }, title));
  svg.append(s('desc', { id: 'pnl-chart-desc' },
    `${values.length} scenario P&Ls in ${data.length} bins from ${format.amount(lo)} to ${format.amount(hi)}; `
    + markers.map(m => `${m.label} at ${format.amount(m.value)}`).join(', ')));

  const bars = s('g', { class: 'bars' });
  for (const bin of data) {
    const left = x(bin.from);
    const bar = s('rect', {
      class: 'bar',
      x: left + 0.5,
      y: y(bin.count),
      width: Math.max(1, x(bin.to) - left - 1),
      height: y(0) - y(bin.count),
      'data-testid': 'pnl-bar',
      'data-count': bin.count,
    });
    bar.append(s('title', {}, `${format.amount(bin.from)} to ${format.amount(bin.to)}: ${bin.count} scenario${bin.count === 1 ? '' : 's'}`));
    bars.append(bar);
  }
  svg.append(bars);

  const axes = s('g', { class: 'axes' });
  axes.append(s('line', { x1: margin.left, y1: y(0), x2: width - margin.right, y2: y(0) }));
  axes.append(s('line', { x1: margin.left, y1: margin.top, x2: margin.left, y2: y(0) }));
  const ticks = 5;
  for (let i = 0; i <= ticks; i++) {
    const value = lo + ((hi - lo) * i) / ticks;
    axes.append(s('line', { x1: x(value), y1: y(0), x2: x(value), y2: y(0) + 5 }));
    axes.append(s('text', { x: x(value), y: y(0) + 18, 'text-anchor': 'middle' }, format.compact(value)));
  }
  axes.append(s('text', { x: margin.left - 6, y: margin.top + 4, 'text-anchor': 'end' }, String(top)));
  axes.append(s('text', { x: margin.left - 6, y: y(0), 'text-anchor': 'end' }, '0'));
  axes.append(s('text', { x: margin.left + plotWidth / 2, y: height - 4, 'text-anchor': 'middle' }, 'P&L against the base'));
  svg.append(axes);

  const marks = s('g', { class: 'markers' });
  markers.forEach((marker, i) => {
    const at = x(marker.value);
    // labels are staggered in rows so markers close together stay readable
    const row = margin.top - 8 - (i % 4) * 12;
    marks.append(s('line', { class: `marker marker-${marker.key}`, x1: at, y1: row + 2, x2: at, y2: y(0), 'data-testid': `marker-${marker.key}` }));
    marks.append(s('text', { class: `marker-label marker-${marker.key}`, x: at, y: row, 'text-anchor': at > width / 2 ? 'end' : 'start' }, marker.label));
  });
  svg.append(marks);
  return svg;
}
