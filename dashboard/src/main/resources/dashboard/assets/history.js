import { api, ApiError } from './api.js';
import { h, replace, timeAgo } from './dom.js';
import { differences } from './diff.js';
import { actorName } from './editor.js';

export async function historyPage(context, guildId, moduleId) {
  const modules = await api.modules();
  const module = modules.find(m => m.id === moduleId);
  const title = module ? (module.schema.title || moduleId) : moduleId;
  const guildName = context.guildName(guildId);
  context.setBreadcrumb({ label: 'Servers', href: '#/' }, { label: guildName, href: `#/guilds/${guildId}` },
    { label: title, href: `#/guilds/${guildId}/modules/${moduleId}` }, { label: 'History' });
  const outcome = h('div', { role: 'status', id: 'history-outcome' });
  const list = h('div', {});
  const render = async () => {
    const versions = await api.history(guildId, moduleId);
    const latest = versions.length ? versions[versions.length - 1].version : 0;
    const rows = versions.slice().reverse().map((entry) => {
      const index = versions.indexOf(entry);
      const previous = index > 0 ? versions[index - 1] : null;
      const diff = h('div', { className: 'diff', hidden: true, id: `diff-${entry.version}` });
      const showDiff = h('button', {
        type: 'button',
        'aria-expanded': 'false',
        'aria-controls': `diff-${entry.version}`,
        onClick: () => {
          const open = diff.hidden;
          if (open) {
            const rows = differences(previous ? previous.config : null, entry.config);
            replace(diff, rows.length === 0 ? h('p', {}, 'Same config as the version before (only the switch changed).')
              : h('table', {}, h('caption', {}, `Version ${previous ? previous.version : 0} → ${entry.version}`),
                h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Setting'), h('th', { scope: 'col' }, 'Before'),
                  h('th', { scope: 'col' }, 'After'))),
                h('tbody', {}, rows.map(row => h('tr', {}, h('th', { scope: 'row' }, row.pointer),
                  h('td', { className: 'removed' }, row.values[0] === undefined ? '—' : row.values[0]),
                  h('td', { className: 'added' }, row.values[1] === undefined ? '—' : row.values[1]))))));
          }
          diff.hidden = !open;
          showDiff.setAttribute('aria-expanded', String(open));
        },
      }, `Changes in version ${entry.version}`);
      const rollback = entry.version !== latest && entry.config
        ? h('button', {
          type: 'button',
          onClick: async () => {
            try {
              const state = await api.rollback(guildId, moduleId, entry.version, latest);
              replace(outcome, `Rolled back: version ${state.version} has the config of version ${entry.version}.`);
              replace(list, await render());
            } catch (error) {
              replace(outcome, error instanceof ApiError && error.code === 'VERSION_CONFLICT'
                ? 'Someone changed the config meanwhile; the list is read again.' : `Not rolled back: ${error.message}`);
              replace(list, await render());
            }
          },
        }, `Roll back to version ${entry.version}`)
        : null;
      return h('li', { className: 'card version-entry' },
        h('h2', {}, `Version ${entry.version}`),
        h('p', {}, `${entry.action} by ${actorName(entry.actor)} (${entry.origin}), ${timeAgo(entry.timestamp)}`,
          h('span', { className: 'help' }, ` — ${new Date(entry.timestamp).toLocaleString()}, revision ${entry.revision}`)),
        h('div', { className: 'row' }, showDiff, rollback), diff);
    });
    return h('ol', { className: 'history', reversed: true }, rows);
  };
  replace(list, await render());
  return [h('h1', {}, `${title} history — ${guildName}`), outcome, list];
}
