// The gateway's REST API. Paths are relative so the page also works under a path prefix.
import { antiforgeryHeaders, requireSignIn } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The problem's field errors: JSON path → messages. */
  get fieldErrors() {
    return this.problem?.errors ?? {};
  }
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json', ...(method === 'GET' ? {} : antiforgeryHeaders()) };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    requireSignIn();
  }
  const type = response.headers.get('Content-Type') ?? '';
  const data = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new ApiError(response.status, data);
  }
  return data;
}

const run = id => `v1/runs/${encodeURIComponent(id)}`;

export const api = {
  listRuns: (limit = 50) => request('GET', `v1/runs?limit=${limit}`),
  getRun: id => request('GET', run(id)),
  submitRun: body => request('POST', 'v1/runs', body),
  cancelRun: id => request('DELETE', run(id)),
  listBooks: (limit = 1000) => request('GET', `v1/books?limit=${limit}`),
  listMarketData: (limit = 1000) => request('GET', `v1/market-data?limit=${limit}`),
  listScenarioSets: (limit = 1000) => request('GET', `v1/scenario-sets?limit=${limit}`),
  loadDemo: () => request('POST', 'v1/demo'),
  cluster: () => request('GET', 'v1/cluster'),
  drainSilo: address => request('POST', `v1/cluster/silos/${encodeURIComponent(address)}/drain`),
  undrainSilo: address => request('POST', `v1/cluster/silos/${encodeURIComponent(address)}/undrain`),
};

const terminalEvents = ['completed', 'failed', 'cancelled'];

/**
 * Follows a run's server-sent events: onEvent(data, name) for every progress and the terminal event.
 * The server closes the stream after the terminal event; closing here too stops EventSource reconnecting.
 * Returns a function that stops following.
 */
export function followRun(id, onEvent, onError) {
  const source = new EventSource(`${run(id)}/events`);
  source.addEventListener('progress', e => onEvent(JSON.parse(e.data), e.type));
  for (const name of terminalEvents) {
    source.addEventListener(name, e => {
      source.close();
      onEvent(JSON.parse(e.data), e.type);
    });
  }
  // EventSource retries on its own after a dropped connection; CLOSED means it gave up (e.g. a 404)
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED && onError) {
      onError();
    }
  });
  return () => source.close();
}
