import { api, ApiError, useCsrfToken } from './api.js';
import { h, replace } from './dom.js';
import { signInPage } from './signin.js';
import { guildListPage } from './guilds.js';
import { guildPage } from './guild.js';
import { editorPage } from './editor.js';
import { historyPage } from './history.js';

const app = document.getElementById('app');
const account = document.getElementById('account');
const breadcrumb = document.getElementById('breadcrumb');

let session = null;
let leaveCurrentPage = () => {};

/** What every page gets: the session, and ways to move on. */
const context = {
  get session() { return session; },
  guildName(guildId) {
    const guild = (session && session.guilds || []).find(g => g.id === guildId);
    return guild ? guild.name : `Server ${guildId}`;
  },
  setBreadcrumb(...items) {
    replace(breadcrumb, items.map((item, i) => [i > 0 ? ' › ' : '',
      item.href ? h('a', { href: item.href }, item.label) : h('span', { 'aria-current': 'page' }, item.label)]));
  },
  onLeave(callback) { leaveCurrentPage = callback; },
  async signedIn(newSession) {
    session = newSession;
    useCsrfToken(session.csrfToken);
    if (location.hash === '#/' || location.hash === '') {
      await render();
    } else {
      location.hash = '#/';
    }
  },
  async sessionEnded(message) {
    session = { signedIn: false, discordSignIn: session ? session.discordSignIn : false };
    useCsrfToken(null);
    await render(message);
  },
};

function renderAccount() {
  if (!session || !session.signedIn) {
    replace(account);
    return;
  }
  replace(account,
    h('span', { className: 'who' }, session.kind === 'operator' ? `Operator ${session.name}` : session.name),
    h('button', { type: 'button', onClick: signOut }, 'Sign out'));
}

async function signOut() {
  try {
    await api.signOut();
  } finally {
    await context.sessionEnded('You are signed out.');
  }
}

async function render(message) {
  leaveCurrentPage();
  leaveCurrentPage = () => {};
  renderAccount();
  if (!session || !session.signedIn) {
    context.setBreadcrumb({ label: 'Sign in' });
    replace(app, signInPage(context, message));
    return;
  }
  const path = location.hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean);
  try {
    if (parts.length === 0) {
      replace(app, await guildListPage(context));
    } else if (parts[0] === 'guilds' && parts.length === 2) {
      replace(app, await guildPage(context, parts[1]));
    } else if (parts[0] === 'guilds' && parts.length === 4 && parts[2] === 'modules') {
      replace(app, await editorPage(context, parts[1], parts[3]));
    } else if (parts[0] === 'guilds' && parts.length === 5 && parts[4] === 'history') {
      replace(app, await historyPage(context, parts[1], parts[3]));
    } else {
      replace(app, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to your servers')));
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await context.sessionEnded('Your session has ended: sign in again.');
      return;
    }
    replace(app, h('h1', {}, 'Something went wrong'),
      h('p', { role: 'alert' }, error instanceof ApiError ? `${error.code}: ${error.message}` : String(error)),
      h('p', {}, h('a', { href: '#/' }, 'Back to your servers')));
  }
  app.focus();
}

window.addEventListener('hashchange', () => render());

(async () => {
  try {
    session = await api.session();
    if (session.signedIn) useCsrfToken(session.csrfToken);
  } catch (error) {
    session = { signedIn: false, discordSignIn: false };
  }
  const params = new URLSearchParams(location.search);
  const signInError = params.get('signInError');
  if (signInError !== null) history.replaceState(null, '', '/' + location.hash);
  await render(signInError ? signInErrorText(signInError) : undefined);
})();

function signInErrorText(code) {
  switch (code) {
    case 'state': return 'The Discord sign-in was refused: it did not come from this browser\'s sign-in (forged or stale). Try again.';
    case 'denied': return 'Discord sign-in was cancelled.';
    case 'discord-off': return 'Discord sign-in is not set up on this server.';
    default: return 'The Discord sign-in failed. Try again.';
  }
}
