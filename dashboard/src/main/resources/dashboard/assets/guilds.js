import { h, isGuildId } from './dom.js';

const ICON_HASH = /^(a_)?[0-9a-f]{32}$/;

export async function guildListPage(context) {
  const session = context.session;
  context.setBreadcrumb({ label: 'Servers' });
  const parts = [h('h1', {}, session.kind === 'operator' ? 'Open a server' : 'Your servers')];
  if (session.kind === 'operator') {
    const input = h('input', { id: 'guild-id', inputmode: 'numeric', autocomplete: 'off', 'aria-describedby': 'guild-id-help' });
    const problem = h('p', { role: 'alert', className: 'error' });
    parts.push(h('form', {
      className: 'card',
      onSubmit: event => {
        event.preventDefault();
        const id = input.value.trim();
        if (!isGuildId(id)) {
          problem.textContent = 'A guild ID is a Discord snowflake: 17 to 19 digits.';
          return;
        }
        location.hash = `#/guilds/${id}`;
      },
    }, h('label', { for: 'guild-id' }, 'Guild ID'), input,
    h('p', { id: 'guild-id-help', className: 'help' }, 'As an operator you may open any server by its id.'),
    problem, h('button', { type: 'submit' }, 'Open')));
  }
  const guilds = session.guilds || [];
  if (session.kind !== 'operator') {
    parts.push(guilds.length === 0
      ? h('p', {}, 'Discord lists no server where you own it, or hold Manage Server or Administrator.')
      : h('ul', { className: 'guilds', 'aria-label': 'Servers you manage' }, guilds.map(guild => h('li', {},
        h('a', { href: `#/guilds/${guild.id}` },
          guild.icon && ICON_HASH.test(guild.icon)
            ? h('img', { src: `https://cdn.discordapp.com/icons/${guild.id}/${guild.icon}.png?size=64`, alt: '', width: 32, height: 32 })
            : h('span', { className: 'icon-placeholder', 'aria-hidden': 'true', 'data-initial': (guild.name || '?').slice(0, 1) }),
          h('span', { className: 'guild-name' }, guild.name))))));
  }
  return parts;
}
