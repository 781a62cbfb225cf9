import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { statusLine, watchConfig } from './receipt.js';

export async function guildPage(context, guildId) {
  const name = context.guildName(guildId);
  context.setBreadcrumb({ label: 'Servers', href: '#/' }, { label: name });
  const [modules, states] = await Promise.all([api.modules(), api.guildStates(guildId)]);
  const byModule = new Map(states.map(state => [state.moduleId, state]));
  const watchers = [];
  context.onLeave(() => watchers.forEach(watcher => watcher.close()));
  const cards = modules.map(module => moduleCard(guildId, module, byModule.get(module.id), watchers));
  return [h('h1', {}, name), h('p', { className: 'help' }, `Server ID ${guildId}`),
    h('div', { className: 'modules' }, cards)];
}

function moduleCard(guildId, module, state, watchers) {
  const title = module.schema.title || module.id;
  const status = h('p', { className: 'status', role: 'status' }, state ? 'Reading the live status…' : 'Not configured');
  const problem = h('p', { className: 'error', role: 'alert' });
  const version = h('span', { className: 'version' }, state ? `Version ${state.version}` : 'No config yet');
  let current = state;
  const toggle = h('input', {
    type: 'checkbox', role: 'switch', id: `enabled-${module.id}`, checked: state && state.enabled,
    disabled: !state,
    onChange: async () => {
      problem.textContent = '';
      try {
        current = await api.setEnabled(guildId, module.id, toggle.checked, current.version);
        version.textContent = `Version ${current.version}`;
        refreshStatus();
      } catch (error) {
        toggle.checked = !toggle.checked;
        problem.textContent = error instanceof ApiError && error.code === 'VERSION_CONFLICT'
          ? 'Someone changed this module meanwhile: reload the page.' : String(error.message || error);
      }
    },
  });
  const refreshStatus = () => api.status(guildId, module.id)
    .then(s => { status.textContent = statusLine(s); })
    .catch(() => { status.textContent = 'Live status unavailable'; });
  if (state) {
    // The status stays live: new versions and the bots' acks are pushed, as in the editor.
    watchers.push(watchConfig(guildId, module.id, state.revision, {
      onChange: change => {
        current = { ...current, version: change.version, enabled: change.action !== 'disabled' };
        version.textContent = `Version ${change.version}`;
        toggle.checked = current.enabled;
      },
      onStatus: s => { status.textContent = statusLine(s); },
    }));
  }
  return h('section', { className: 'card module', 'aria-labelledby': `title-${module.id}` },
    h('h2', { id: `title-${module.id}` }, title),
    h('p', { className: 'help' }, module.schema.description || ''),
    h('div', { className: 'row' },
      toggle, h('label', { for: `enabled-${module.id}` }, `${title} enabled`), version),
    status, problem,
    h('div', { className: 'row' },
      h('a', { className: 'button', href: `#/guilds/${guildId}/modules/${module.id}` }, `Edit ${title}`),
      state ? h('a', { href: `#/guilds/${guildId}/modules/${module.id}/history` }, `${title} history`) : null));
}
