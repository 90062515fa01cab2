// Small DOM and formatting helpers shared by the views.

/** Creates an element: attributes whose value is null or false are left out, children may be strings or nodes. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  element.append(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  return element;
}

const amount = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const format = {
  amount: value => (value === null || value === undefined ? '—' : amount.format(value)),
  compact: value => (value === null || value === undefined ? '—' : compact.format(value)),
  count: value => (value === null || value === undefined ? '—' : integer.format(value)),
  seconds: value => (value === null || value === undefined ? '—' : `${value.toFixed(3)} s`),
  bytes: value => {
    if (value === null || value === undefined) {
      return '—';
    }
    const gibibyte = 1024 ** 3;
    return value >= gibibyte ? `${amount.format(value / gibibyte)} GiB` : `${amount.format(value / 1024 ** 2)} MiB`;
  },
  time: value => (value ? new Date(value).toLocaleString() : '—'),
};

export const terminalStates = new Set(['completed', 'failed', 'cancelled']);

/** A status word as a badge, so colour is never the only cue. */
export function statusBadge(status, testId) {
  return h('span', { class: `badge badge-${status}`, 'data-testid': testId }, status);
}
