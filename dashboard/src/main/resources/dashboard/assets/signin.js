import { api, ApiError } from './api.js';
import { h } from './dom.js';

export function signInPage(context, message) {
  const session = context.session || {};
  const problem = h('p', { role: 'alert', className: 'error', id: 'sign-in-problem' }, message && !message.startsWith('You are') ? message : '');
  const notice = message && message.startsWith('You are') ? h('p', { role: 'status' }, message) : null;
  const tokenInput = h('input', { id: 'admin-token', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'admin-token-help' });
  const form = h('form', {
    className: 'card',
    onSubmit: async event => {
      event.preventDefault();
      problem.textContent = '';
      try {
        const signedIn = await api.signInWithToken(tokenInput.value);
        tokenInput.value = '';
        await context.signedIn(signedIn);
      } catch (error) {
        tokenInput.value = '';
        problem.textContent = error instanceof ApiError
          ? (error.status === 429 ? error.message : `Sign-in refused: ${error.message}.`) : String(error);
      }
    },
  },
  h('h2', {}, 'Operators'),
  h('label', { for: 'admin-token' }, 'Admin token'),
  tokenInput,
  h('p', { id: 'admin-token-help', className: 'help' },
    'The token printed at first start (also in data/admin-token), or one of CONFIGSYNC_ADMIN_TOKENS.'),
  h('button', { type: 'submit' }, 'Sign in'));

  const discord = session.discordSignIn
    ? h('section', { className: 'card' }, h('h2', {}, 'Server admins'),
      h('a', { className: 'button discord', href: '/dashboard/sign-in/discord' }, 'Sign in with Discord'),
      h('p', { className: 'help' }, 'You will see the servers where you own the server or hold Manage Server or Administrator.'))
    : h('section', { className: 'card' }, h('h2', {}, 'Server admins'),
      h('p', {}, 'Discord sign-in is not set up here. To offer it, create a Discord application, then set '
        + 'CONFIGSYNC_DISCORD_CLIENT_ID and CONFIGSYNC_DISCORD_CLIENT_SECRET and restart (README, "Dashboard").'));
  return [h('h1', {}, 'Sign in'), notice, problem, h('div', { className: 'columns' }, discord, form)];
}
