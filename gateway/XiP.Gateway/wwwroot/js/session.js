// Browser sessions: an API key pasted once is exchanged for an HttpOnly cookie (which EventSource sends) and an
// antiforgery token, kept for this tab only, that every state-changing request made with the cookie must carry.
const storageKey = 'xip-antiforgery';

function stored() {
  try {
    return JSON.parse(sessionStorage.getItem(storageKey) ?? 'null');
  } catch {
    return null;
  }
}

/** The antiforgery header for a state-changing request, or none outside a session. */
export function antiforgeryHeaders() {
  const session = stored();
  return session ? { [session.antiforgeryHeader]: session.antiforgeryToken } : {};
}

export function signedIn() {
  return stored() !== null;
}

/** Signs in with an API key; the key itself is not kept, only the session it opens. */
export async function signIn(apiKey) {
  const response = await fetch('v1/session', { method: 'POST', headers: { Accept: 'application/json', 'X-API-Key': apiKey } });
  const problem = response.ok ? null : await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(problem?.detail ?? problem?.title ?? `HTTP ${response.status}`);
  }
  const session = await response.json();
  sessionStorage.setItem(storageKey, JSON.stringify(session));
  return session;
}

export async function signOut() {
  const headers = antiforgeryHeaders();
  sessionStorage.removeItem(storageKey);
  await fetch('v1/session', { method: 'DELETE', headers });
}

/** Asks the page to show the sign-in form (a call was answered 401). */
export function requireSignIn() {
  sessionStorage.removeItem(storageKey);
  window.dispatchEvent(new CustomEvent('xip:sign-in'));
}
