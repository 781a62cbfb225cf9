'use strict';

// A ConfigSync bot outside the Vert.x cluster, on @configsync/bot-client: it holds every module config
// of its shards in memory, in order, across lost events, gateways and its own restarts. It runs
// headless; with discord.js installed and DISCORD_TOKEN set, its modules act on Discord.

const http = require('node:http');
const { ConfigSyncClient } = require('@configsync/bot-client');

const env = process.env;
const botId = env.BOT_ID;
const log = (message) => console.log(`${new Date().toISOString()} [${botId}] ${message}`);
let discord = null; // the discord.js Client once logged in
process.once('uncaughtException', (error) => { // a missing variable: say which, without a stack
  console.error(error.code === 'INVALID_OPTIONS' ? `external-bot: ${error.message} (see README.md)` : error);
  process.exit(2);
});

const sync = new ConfigSyncClient({
  gateways: (env.GATEWAY_URLS || '').split(','), // the first is preferred, the others are tried in turn
  backendUrl: (env.BACKEND_URL || '').split(','),
  botId, token: env.BOT_TOKEN, shards: env.SHARDS || '0/1',
  stateFile: env.STATE_FILE || null, // resume across restarts with a replay instead of a full reload
  logger: { info: log, warn: log },
});

sync.register({
  id: 'welcome',
  async onEnable(guildId, config) {
    // Say "cannot act" without throwing: the admin sees it in the config's status.
    if (discord && !discord.channels.cache.has(config.channelId)) {
      return { ok: false, error: `channel ${config.channelId} does not exist` };
    }
    log(`welcome on in guild ${guildId}: "${config.message}"`);
  },
  async onConfigUpdate(guildId, config) { log(`welcome updated in guild ${guildId}: "${config.message}"`); },
  async onDisable(guildId) { log(`welcome off in guild ${guildId}`); },
});
sync.on('applied', (e) => log(`applied revision ${e.revision} (shard ${e.shard}, ${e.via}): guild ${e.guildId} `
  + `module ${e.moduleId} ${e.action} v${e.version}`));

// GET /state: what it holds, with the same digest as the backend's GET /api/state/digest?shards=..
const server = http.createServer((request, response) => {
  response.writeHead(request.url === '/state' ? 200 : 404, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(request.url === '/state' ? { botId, ...sync.state(), ...sync.stats() } : { error: 'GET /state' }));
});
server.listen(Number(env.STATE_PORT || 0), '127.0.0.1', () => log(`state at http://127.0.0.1:${server.address().port}/state`));

sync.start().then(() => {
  if (env.DISCORD_TOKEN) { // discord.js calls the modules' configs from its own events
    const { Client, GatewayIntentBits } = require('discord.js');
    discord = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers] });
    discord.on('guildMemberAdd', (member) => {
      const config = sync.getConfig('welcome', member.guild.id);
      const channel = config && member.guild.channels.cache.get(config.channelId);
      if (channel) channel.send(config.message.replaceAll('{user.mention}', `<@${member.id}>`));
    });
    return discord.login(env.DISCORD_TOKEN);
  }
}).catch((error) => { console.error(`external-bot: ${error.message}`); process.exit(2); });

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => sync.stop().finally(() => { server.closeAllConnections(); process.exit(0); }));
}
