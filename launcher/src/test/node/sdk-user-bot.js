'use strict';

// A bot as a user writes it on the installed @configsync/bot-client (NodeSdkIT copies this file into
// a temporary project where the SDK's tarball was installed with npm). It serves what the test asks:
//   GET /state              what it holds and how it got there
//   GET /config?module=&guild=  getConfig
//   POST /propose           client.propose(body): the reply, or {"error":{code,status,message}}

const http = require('node:http');
const { ConfigSyncClient } = require('@configsync/bot-client');

const env = process.env;
const log = (message) => console.log(`${new Date().toISOString()} [${env.BOT_ID}] ${message}`);
const enabledCalls = [];
const client = new ConfigSyncClient({
  gateways: env.GATEWAY_URLS.split(','), backendUrl: env.BACKEND_URL, botId: env.BOT_ID, token: env.BOT_TOKEN,
  shards: env.SHARDS, stateFile: env.STATE_FILE || null, logger: { info: log, warn: log },
});
// A message "fail: why" makes the hook throw, "cannot: why" makes it say it cannot act.
function act(config) {
  if (config.message.startsWith('fail: ')) {
    throw new Error(config.message.slice('fail: '.length));
  }
  if (config.message.startsWith('cannot: ')) {
    return { ok: false, error: config.message.slice('cannot: '.length) };
  }
  return undefined;
}
client.register({
  id: 'welcome',
  async onEnable(guildId, config) { enabledCalls.push(guildId); return act(config); },
  async onConfigUpdate(guildId, config) { return act(config); },
  onDisable() {},
});
let live = false;

function answer(response, status, body) {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/state') {
    answer(response, 200, { live, ...client.state(), ...client.stats(), enabledGuilds: [...new Set(enabledCalls)] });
  } else if (request.method === 'GET' && url.pathname === '/config') {
    answer(response, 200, { config: client.getConfig(url.searchParams.get('module'), url.searchParams.get('guild')) });
  } else if (request.method === 'POST' && url.pathname === '/propose') {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => client.propose(JSON.parse(body)).then((reply) => answer(response, 200, reply),
      (error) => answer(response, 200, { error: { code: error.code, status: error.status ?? null, message: error.message } })));
  } else {
    answer(response, 404, { error: 'not here' });
  }
});
server.listen(Number(process.env.STATE_PORT || 0), '127.0.0.1', () => log(`state at http://127.0.0.1:${server.address().port}/state`));

client.start().then(() => { live = true; log('live'); }, (error) => { log(`start failed: ${error.message}`); process.exit(2); });
process.once('SIGTERM', () => client.stop().finally(() => process.exit(0)));
