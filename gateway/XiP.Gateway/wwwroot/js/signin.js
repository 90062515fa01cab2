import { h } from './dom.js';
import { signIn } from './session.js';

/** The sign-in form: paste an API key; onSignedIn runs once the session is open. */
export function renderSignIn(view, onSignedIn) {
  const key = h('input', { type: 'password', id: 'api-key', autocomplete: 'off', required: true, 'data-testid': 'api-key' });
  const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'sign-in-error' });
  const form = h('form', { class: 'sign-in', 'data-testid': 'sign-in-form' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'Paste an API key (with the embedded gateway: the content of admin.key in its data directory). The key opens a session for this browser tab and is not stored.'),
    h('label', { for: 'api-key' }, 'API key'),
    key,
    h('button', { type: 'submit', 'data-testid': 'sign-in' }, 'Sign in'),
    error);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    try {
      await signIn(key.value.trim());
      onSignedIn();
    } catch (failure) {
      error.textContent = `Not signed in: ${failure.message}`;
    }
  });
  view.replaceChildren(form);
  key.focus();
  return () => {};
}
