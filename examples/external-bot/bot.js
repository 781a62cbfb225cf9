'use strict';

// A ConfigSync bot that is not a member of the Vert.x cluster: it talks to a gateway over the
// SockJS event-bus bridge and to the backend over HTTP. It keeps every module config of its
// shards in memory and proves, through GET /state, that it holds exactly what the database holds.
//
// The protocol in five lines (README.md has the details):
//   1. bulk load every module's enabled configs of our shards from the backend;
//   2. register on configsync.module.change.shard.{count}.{n} for each of our shards;
//   3. per shard keep A, the revision up to which we have everything of that shard; a message
//      whose `prev` is <= A follows on from what we have, a larger `prev` means we missed something;
//   4. fill a hole by asking the gateway for a replay after A;
//   5. ack A every second, and on a lost connection go to the next gateway and resume from A.

const fs = require('node:fs');
const http = require('node:http');
const crypto = require('node:crypto');
// The npm client is CommonJS and require()s 'sockjs-client' itself, so nothing needs to be global.
const EventBus = require('@vertx/eventbus-bridge-client.js');

const CHANGE_PREFIX = 'configsync.module.change.shard.';
const REPLAY_ADDRESS = 'configsync.replay';
const ACK_ADDRESS = 'configsync.bot.ack';
const REPLAY_PAGE = 1000;
const ACK_INTERVAL_MS = 1000;
// The gateway sends a progress message on every shard every second, so this much silence means the
// connection is dead even if TCP has not noticed (a half-open socket, a gateway that hangs).
const SILENCE_LIMIT_MS = 5000;
// The bridge answers a refused frame with an error that carries no reply address, so a refused
// replay would never call back: give up on it after this long and let the next message ask again.
const REPLAY_TIMEOUT_MS = 12000;
const RECONNECT_DELAY_MIN_MS = 200;
const RECONNECT_DELAY_MAX_MS = 2000;
const STATE_FILE_INTERVAL_MS = 5000;
const STATE_FILE_FORMAT = 1;

const config = readConfig(process.env);

// (guildId:moduleId) -> {guildId, guildOrder, moduleId, version, enabled, config}. Disabled entries
// are kept with their version so that an older event replayed late cannot bring a config back.
const held = new Map();
// moduleId -> the revision its bulk load was taken at: events up to it are already in the load.
const loadedThrough = new Map();
// shard -> A. Everything of that shard up to A is held.
const complete = new Map();
// shard -> revision of the last event applied; only used to prove ordering (outOfOrder).
const lastApplied = new Map();
const stats = { outOfOrder: 0, applied: 0, replays: 0, reconnects: 0, fullReloads: 0, resumes: 0 };
let lastSaved = '';

let bus = null; // the current EventBus, null while disconnected
let gatewayIndex = 0; // GATEWAY_URLS[0] is the preferred gateway
let everConnected = false;
let failedAttempts = 0;
let lastHeard = 0;
let replaying = false;
let reloading = false;
let stopping = false;

function log(message) {
  console.log(`${new Date().toISOString()} [${config.botId}] ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Configuration

function readConfig(env) {
  const required = (name) => {
    const value = (env[name] || '').trim();
    if (!value) {
      fail(`${name} is required (see README.md)`);
    }
    return value;
  };
  const list = (value) => value.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean);
  const shards = parseShards(env.SHARDS || '0/1');
  const statePort = Number(env.STATE_PORT || '0');
  if (!Number.isInteger(statePort) || statePort < 0 || statePort > 65535) {
    fail(`STATE_PORT must be a port number, got '${env.STATE_PORT}'`);
  }
  return {
    gatewayUrls: list(required('GATEWAY_URLS')).map((url) => (url.endsWith('/eventbus') ? url : `${url}/eventbus`)),
    backendUrls: list(required('BACKEND_URL')),
    botId: required('BOT_ID'),
    token: required('BOT_TOKEN'),
    shardCount: shards.count,
    shards: shards.shards,
    shardSpec: `${shards.shards.join(',')}/${shards.count}`,
    statePort,
    // Where the bot remembers what it holds across its own restarts; empty: it reloads at every start.
    stateFile: (env.STATE_FILE || '').trim(),
  };
}

// "0,1/4" = shards 0 and 1 of 4; "0-3/8" ranges too, as the gateway accepts them.
function parseShards(spec) {
  const match = /^([0-9,\s-]+)\/(\d+)$/.exec(spec.trim());
  if (!match) {
    fail(`SHARDS must look like 0,1/4 (shards 0 and 1 of 4), got '${spec}'`);
  }
  const count = Number(match[2]);
  const shards = new Set();
  for (const part of match[1].split(',')) {
    const [from, to = from] = part.trim().split('-').map(Number);
    if (!Number.isInteger(from) || !Number.isInteger(to) || from > to || to >= count) {
      fail(`SHARDS: '${part}' is not a shard (or range) within 0..${count - 1}`);
    }
    for (let shard = from; shard <= to; shard++) {
      shards.add(shard);
    }
  }
  return { count, shards: [...shards].sort((a, b) => a - b) };
}

function fail(message) {
  console.error(`external-bot: ${message}`);
  process.exit(2);
}

// Discord's formula, (guildId >> 22) % count. Snowflakes exceed 2^53: BigInt, never Number.
function shardOf(guildId) {
  return Number((BigInt(guildId) >> 22n) % BigInt(config.shardCount));
}

function minComplete() {
  return Math.min(...config.shards.map((shard) => complete.get(shard)));
}

// ---------------------------------------------------------------------------------------------
// Bulk load: the whole state of our shards, at a known revision per module

async function backendGet(path) {
  let lastError;
  for (const base of config.backendUrls) {
    try {
      const response = await fetch(base + path, {
        headers: { Authorization: `Bearer ${config.token}` },
        signal: AbortSignal.timeout(30000),
      });
      if (!response.ok) {
        throw new Error(`${response.status} ${await response.text()}`);
      }
      // Buffered for brevity; for very large guild counts, parse the (streamed) body incrementally.
      return await response.json();
    } catch (error) {
      lastError = new Error(`GET ${base}${path}: ${error.message}`);
    }
  }
  throw lastError;
}

async function fullReload() {
  reloading = true;
  try {
    // Every module the backend knows, not just the ones this bot acts on: the digest covers them all.
    const modules = (await backendGet('/api/modules')).modules.map((module) => module.id);
    const shards = encodeURIComponent(config.shardSpec);
    const loads = [];
    for (const moduleId of modules) {
      loads.push({ moduleId, ...(await backendGet(`/api/modules/enabled/${moduleId}?shards=${shards}`)) });
    }
    held.clear();
    loadedThrough.clear();
    for (const load of loads) {
      loadedThrough.set(load.moduleId, load.revision);
      for (const item of load.items) {
        hold(item.guildId, load.moduleId, item.version, true, item.config);
      }
    }
    // Each module was read at its own revision; we have everything only up to the oldest of them.
    // Later events of the modules read further on are recognised by loadedThrough and skipped.
    const through = Math.min(...loads.map((load) => load.revision));
    config.shards.forEach((shard) => complete.set(shard, through));
    stats.fullReloads++;
    log(`full reload: ${held.size} configs of ${modules.join(', ')} for shards ${config.shardSpec}, `
      + `complete through revision ${through}`);
  } finally {
    reloading = false;
  }
}

async function fullReloadUntilDone() {
  for (let attempt = 1; !stopping; attempt++) {
    try {
      await fullReload();
      return;
    } catch (error) {
      const delay = Math.min(5000, 250 * attempt);
      log(`full reload failed (${error.message}); retrying in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function hold(guildId, moduleId, version, enabled, moduleConfig) {
  held.set(`${guildId}:${moduleId}`, {
    guildId, guildOrder: BigInt(guildId), moduleId, version, enabled, config: moduleConfig,
  });
}

// ---------------------------------------------------------------------------------------------
// Applying events

// Takes one event of `shard` that follows on from what we hold (every earlier event of the shard is
// held). A moves on even when the event is skipped: skipped means we already have its effect.
function applyEvent(event, shard, via) {
  if (event.revision <= complete.get(shard)) {
    return; // already held: a replay page overlapping the stream
  }
  const key = `${event.guildId}:${event.moduleId}`;
  const current = held.get(key);
  const inBulkLoad = event.revision <= (loadedThrough.get(event.moduleId) ?? 0);
  if (!inBulkLoad && (!current || event.version > current.version)) {
    if (lastApplied.has(shard) && event.revision < lastApplied.get(shard)) {
      stats.outOfOrder++;
    }
    lastApplied.set(shard, event.revision);
    hold(event.guildId, event.moduleId, event.version, event.action !== 'disabled', event.config);
    stats.applied++;
    // A real bot would call its module here (onEnable / onConfigUpdate / onDisable).
    log(`applied revision ${event.revision} (shard ${shard}, ${via}): guild ${event.guildId} `
      + `module ${event.moduleId} ${event.action} v${event.version}`);
  }
  complete.set(shard, event.revision);
}

function onShardMessage(shard, error, message) {
  if (error) {
    log(`error on shard ${shard}: ${JSON.stringify(error)}`);
    return;
  }
  lastHeard = Date.now();
  if (reloading) {
    return; // the reload sets A afresh; the next messages reveal what it lacks
  }
  const body = message.body;
  const have = complete.get(shard);
  if (body.prev > have) {
    requestReplay(`shard ${shard}: ${body.kind} at revision ${body.revision} follows revision ${body.prev}, `
      + `but we have everything only up to ${have}`);
  } else if (body.kind === 'event') {
    applyEvent(body, shard, 'stream');
  } else if (body.kind === 'progress') {
    complete.set(shard, Math.max(have, body.revision));
  }
}

// While a replay is in flight, stream messages that follow on from A are still applied (A moves
// on), and the rest are dropped: the replay covers them, or the next message asks again.
function requestReplay(reason) {
  if (replaying || reloading || !bus || bus.state !== EventBus.OPEN) {
    return;
  }
  const connection = bus;
  const after = minComplete();
  replaying = true;
  stats.replays++;
  log(`replay after revision ${after}: ${reason}`);
  const timeout = setTimeout(() => {
    if (replaying && connection === bus) {
      replaying = false;
      log(`replay after revision ${after} got no answer in ${REPLAY_TIMEOUT_MS} ms; will ask again`);
    }
  }, REPLAY_TIMEOUT_MS);
  // The gateway limits the replay to our own shards whatever we send.
  connection.send(REPLAY_ADDRESS, { after, limit: REPLAY_PAGE }, (error, reply) => {
    clearTimeout(timeout);
    if (connection !== bus) {
      return; // that connection is gone; the new one resumes on its own
    }
    replaying = false;
    if (error) {
      log(`replay after revision ${after} failed: ${error.message || JSON.stringify(error)}; will ask again`);
      return;
    }
    onReplayPage(after, reply.body);
  });
}

function onReplayPage(after, page) {
  if (page.gone) {
    log(`revision ${after} is past the log's retention: full reload`);
    fullReloadUntilDone();
    return;
  }
  for (const event of page.events) {
    applyEvent(event, shardOf(event.guildId), 'replay');
  }
  // The page holds every event of our shards after `after` up to `through`.
  config.shards.forEach((shard) => complete.set(shard, Math.max(complete.get(shard), page.through)));
  log(`replay after revision ${after}: ${page.events.length} events, complete through ${page.through} `
    + `(head ${page.head})`);
  if (page.through < page.head) {
    requestReplay(`more events after revision ${page.through}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The bridge connection: one at a time, the next gateway in turn when it is lost

function connect() {
  if (stopping) {
    return;
  }
  const url = config.gatewayUrls[gatewayIndex % config.gatewayUrls.length];
  // Reconnection is ours, not the client's: its own reconnect would retry the same URL only.
  const connection = new EventBus(url);
  bus = connection;
  lastHeard = Date.now();
  log(`connecting to ${url}`);

  connection.onopen = () => {
    if (connection !== bus) {
      connection.close(); // given up on already (too slow to open): a newer connection is on its way
      return;
    }
    lastHeard = Date.now();
    failedAttempts = 0;
    if (everConnected) {
      stats.reconnects++;
      log(`reconnected to ${url}; resuming from revision ${minComplete()}`);
    } else {
      log(`connected to ${url}`);
    }
    everConnected = true;
    // The gateway authenticates the socket with the headers of its first register; the same headers
    // on the other registers are harmless and keep this independent of the order.
    const headers = { botId: config.botId, token: config.token, shards: config.shardSpec };
    for (const shard of config.shards) {
      connection.registerHandler(`${CHANGE_PREFIX}${config.shardCount}.${shard}`, { ...headers },
        (error, message) => onShardMessage(shard, error, message));
    }
    // No replay yet: the first message of each shard tells whether we missed anything meanwhile.
  };

  connection.onclose = () => {
    if (connection === bus) {
      lost(`connection to ${url} closed`);
    }
  };

  // Refused frames (bad token, a shard that is not ours) arrive here, without an address.
  connection.onerror = (error) => log(`bridge error from ${url}: ${JSON.stringify(error)}`);
}

function lost(why) {
  const connection = bus;
  bus = null;
  replaying = false;
  try {
    connection.close();
  } catch (ignored) {
    // already closed
  }
  if (stopping) {
    return;
  }
  failedAttempts++;
  gatewayIndex++;
  const delay = Math.min(RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_MIN_MS * failedAttempts);
  log(`${why}; reconnecting to ${config.gatewayUrls[gatewayIndex % config.gatewayUrls.length]} in ${delay} ms`);
  setTimeout(connect, delay);
}

function watchConnection() {
  if (bus && Date.now() - lastHeard > SILENCE_LIMIT_MS) {
    lost(`nothing heard from the gateway for ${SILENCE_LIMIT_MS} ms`);
  }
}

// The gateway stamps the ack with our bot id, shards and its own id; /api/bots shows our lag.
function sendAck() {
  if (!bus || bus.state !== EventBus.OPEN || reloading) {
    return;
  }
  try {
    // statuses: a bot whose module cannot act on a config (missing channel, permission) says so here.
    bus.send(ACK_ADDRESS, { revision: minComplete(), statuses: [] });
  } catch (error) {
    log(`ack not sent: ${error.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// GET /state: what we hold, in the same digest the backend computes (GET /api/state/digest)

function digest() {
  const enabled = [...held.values()].filter((entry) => entry.enabled).sort((a, b) => {
    if (a.guildOrder !== b.guildOrder) {
      return a.guildOrder < b.guildOrder ? -1 : 1;
    }
    return a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0;
  });
  const sha256 = crypto.createHash('sha256');
  for (const entry of enabled) {
    sha256.update(`${entry.guildId}:${entry.moduleId}:${entry.version}\n`);
  }
  return { digest: sha256.digest('hex'), count: enabled.length };
}

// ---------------------------------------------------------------------------------------------
// Remembering what we hold across our own restart: a restarted bot resumes from A (a replay of what
// it missed) instead of reloading everything; `gone` on that replay falls back to a full reload.

function saveStateFile() {
  if (!config.stateFile || reloading || complete.size === 0) {
    return;
  }
  const marker = `${JSON.stringify([...complete])}:${stats.applied}:${stats.fullReloads}`;
  if (marker === lastSaved) {
    return;
  }
  const entries = [...held.values()].map(({ guildOrder, ...entry }) => entry);
  const snapshot = {
    format: STATE_FILE_FORMAT,
    shards: config.shardSpec,
    complete: [...complete],
    loadedThrough: [...loadedThrough],
    held: entries,
  };
  // Written beside it and renamed: a crash mid-write leaves the previous file whole.
  const temporary = `${config.stateFile}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(snapshot));
  fs.renameSync(temporary, config.stateFile);
  lastSaved = marker;
}

function restoreStateFile() {
  if (!config.stateFile || !fs.existsSync(config.stateFile)) {
    return false;
  }
  try {
    const snapshot = JSON.parse(fs.readFileSync(config.stateFile, 'utf8'));
    if (snapshot.format !== STATE_FILE_FORMAT || snapshot.shards !== config.shardSpec) {
      log(`state file ${config.stateFile} is of another format or shards; reloading everything`);
      return false;
    }
    snapshot.held.forEach((entry) => hold(entry.guildId, entry.moduleId, entry.version, entry.enabled, entry.config));
    snapshot.loadedThrough.forEach(([moduleId, revision]) => loadedThrough.set(moduleId, revision));
    snapshot.complete.forEach(([shard, revision]) => complete.set(Number(shard), revision));
    stats.resumes++;
    log(`resumed from ${config.stateFile}: ${held.size} configs, complete through ${minComplete()}`);
    return true;
  } catch (error) {
    log(`state file ${config.stateFile} is unreadable (${error.message}); reloading everything`);
    held.clear();
    loadedThrough.clear();
    complete.clear();
    return false;
  }
}

function state() {
  const revisions = {};
  config.shards.forEach((shard) => { revisions[shard] = complete.get(shard) ?? null; });
  return {
    botId: config.botId,
    shards: config.shardSpec,
    revisions,
    ...digest(),
    outOfOrder: stats.outOfOrder,
    applied: stats.applied,
    replays: stats.replays,
    reconnects: stats.reconnects,
    fullReloads: stats.fullReloads,
    resumes: stats.resumes,
  };
}

function serveState() {
  const server = http.createServer((request, response) => {
    const path = request.url.split('?')[0];
    const [status, body] = request.method === 'GET' && path === '/state'
      ? [200, state()]
      : [404, { error: 'only GET /state is served here' }];
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.statePort, '127.0.0.1', () => {
      // STATE_PORT=0 picks a free port; this line says which (the launcher tests read it).
      log(`state at http://127.0.0.1:${server.address().port}/state`);
      resolve(server);
    });
  });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  log(`starting for shards ${config.shardSpec}; gateways ${config.gatewayUrls.join(', ')}; `
    + `backend ${config.backendUrls.join(', ')}`);
  const server = await serveState();
  if (!restoreStateFile()) {
    await fullReloadUntilDone();
  }
  connect();
  const timers = [setInterval(sendAck, ACK_INTERVAL_MS), setInterval(watchConnection, 1000),
    setInterval(saveStateFile, STATE_FILE_INTERVAL_MS)];

  const shutdown = (signal) => {
    log(`${signal}: stopping`);
    stopping = true;
    timers.forEach(clearInterval);
    saveStateFile();
    if (bus) {
      bus.close();
    }
    server.close(() => process.exit(0));
    server.closeAllConnections(); // keep-alive clients would otherwise hold close() up
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
