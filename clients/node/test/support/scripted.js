'use strict';

// A scripted ConfigSync for the client's tests: a `World` (the event log and the state it adds up
// to, like the backend's database), a backend HTTP server over it (module list, NDJSON bulk load) and
// gateways that speak the Vert.x event-bus bridge protocol over real SockJS (the `sockjs` server
// package), whose every message the test sends itself: in order, out of order, twice, or never.

const crypto = require('node:crypto');
const http = require('node:http');
const sockjs = require('sockjs');
const { shardOf } = require('../../src/shards');

const NEXT_SHARD = 4194304n; // guild ids this far apart fall in consecutive shards (id >> 22)

/** A guild id of `shard` (of `count`), distinct per `n`. */
function guildOf(shard, count, n) {
  return (810000000000000000n + BigInt(n * count + shard) * NEXT_SHARD).toString();
}

class World {
  constructor(modules = ['welcome', 'automod']) {
    this.modules = modules;
    this.events = [];
    this.states = new Map(); // guild:module -> {guildId, moduleId, version, enabled, config}
    this.head = 0;
    this.retainedAfter = 0; // events with revision <= this are compacted away: a replay after less is `gone`
  }

  write(guildId, moduleId, change = {}) {
    const key = `${guildId}:${moduleId}`;
    const current = this.states.get(key);
    const version = (current ? current.version : 0) + 1;
    const enabled = change.disable ? false : true;
    const config = change.disable ? (current ? current.config : null) : (change.config || { message: `v${version}` });
    this.head++;
    const action = change.disable ? 'disabled' : current && current.enabled ? 'updated' : 'enabled';
    const event = {
      revision: this.head, guildId, moduleId, action, config: enabled ? config : null, version,
      timestamp: new Date().toISOString(), origin: 'backend',
    };
    this.events.push(event);
    this.states.set(key, { guildId, moduleId, version, enabled, config });
    return event;
  }

  /** The revision of the event of the same shard before `event`, 0 if none: the `prev` a gateway sends. */
  prevOf(event, count) {
    const shard = shardOf(event.guildId, count);
    let prev = 0;
    for (const other of this.events) {
      if (other.revision >= event.revision) {
        break;
      }
      if (shardOf(other.guildId, count) === shard) {
        prev = other.revision;
      }
    }
    return prev;
  }

  lastOfShard(shard, count) {
    let last = 0;
    for (const event of this.events) {
      if (shardOf(event.guildId, count) === shard) {
        last = event.revision;
      }
    }
    return last;
  }

  replay(after, limit, shards, count) {
    if (after < this.retainedAfter) {
      return { gone: true };
    }
    const events = [];
    let through = this.head;
    for (const event of this.events) {
      if (event.revision <= after || !shards.includes(shardOf(event.guildId, count))) {
        continue;
      }
      if (events.length === limit) {
        through = events[events.length - 1].revision;
        break;
      }
      events.push(event);
    }
    return { events, head: this.head, through };
  }

  enabledItems(moduleId, shards, count) {
    return [...this.states.values()].filter((state) => state.moduleId === moduleId && state.enabled
      && shards.includes(shardOf(state.guildId, count)));
  }

  /** The backend's GET /api/state/digest. */
  digest(shards, count) {
    const enabled = [...this.states.values()].filter((state) => state.enabled
      && shards.includes(shardOf(state.guildId, count)))
      .sort((a, b) => (BigInt(a.guildId) < BigInt(b.guildId) ? -1 : BigInt(a.guildId) > BigInt(b.guildId) ? 1
        : a.moduleId < b.moduleId ? -1 : 1));
    const sha = crypto.createHash('sha256');
    enabled.forEach((state) => sha.update(`${state.guildId}:${state.moduleId}:${state.version}\n`));
    return { digest: sha.digest('hex'), count: enabled.length };
  }
}

function parseSpec(spec) {
  const [list, count] = spec.split('/');
  return { shards: list.split(',').map(Number), count: Number(count) };
}

/** The backend's bot-facing HTTP API over a World. `ndjson: false` makes it a backend from before NDJSON. */
async function startBackend(world, { token, ndjson = true, cutOffLoads = 0 } = {}) {
  const requests = [];
  let cutsLeft = cutOffLoads; // bulk loads that break off in the middle of a line
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    requests.push({ path: url.pathname, accept: request.headers.accept });
    if (request.headers.authorization !== `Bearer ${token}`) {
      response.writeHead(401, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'token missing or wrong' } }));
      return;
    }
    if (url.pathname === '/api/modules') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ modules: world.modules.map((id) => ({ id, schema: {} })) }));
      return;
    }
    const match = /^\/api\/modules\/enabled\/([a-z]+)$/.exec(url.pathname);
    if (match && world.modules.includes(match[1])) {
      const { shards, count } = parseSpec(url.searchParams.get('shards') || '0/1');
      const items = world.enabledItems(match[1], shards, count)
        .map((state) => ({ guildId: state.guildId, version: state.version, config: state.config }));
      if (ndjson && (request.headers.accept || '').includes('application/x-ndjson')) {
        response.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
        response.write(`${JSON.stringify({ revision: world.head, moduleId: match[1] })}\n`);
        // In small chunks that split lines, as a network may.
        const body = items.map((item) => `${JSON.stringify(item)}\n`).join('');
        if (cutsLeft > 0) {
          cutsLeft--;
          response.write(body.slice(0, Math.floor(body.length / 2)));
          response.socket.destroy();
          return;
        }
        for (let i = 0; i < body.length; i += 7) {
          response.write(body.slice(i, i + 7));
        }
        response.end();
      } else {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ revision: world.head, moduleId: match[1], items }));
      }
      return;
    }
    response.writeHead(404, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: url.pathname } }));
  });
  await listen(server);
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => closeServer(server),
  };
}

/**
 * A gateway: authenticates the first register, relays only what the test sends, answers replays
 * from the World (unless `onReplay` says otherwise), records acks and answers proposals with `onProposal`.
 */
class ScriptedGateway {
  constructor(world, { botId, token, count = 4 } = {}) {
    this.world = world;
    this.botId = botId;
    this.token = token;
    this.count = count;
    this.sockets = new Set();
    this.acks = [];
    this.replays = [];
    this.proposals = [];
    this.refused = [];
    this.onReplay = null; // (body, socket) => reply body, or undefined for the World's answer
    this.onProposal = (body) => ({ reply: { ok: true, changed: true, state: null } });
    this.accepting = true;
  }

  async start() {
    this.server = http.createServer();
    const bridge = sockjs.createServer({ log: () => {}, heartbeat_delay: 25000 });
    bridge.on('connection', (conn) => this.onConnection(conn));
    bridge.installHandlers(this.server, { prefix: '/eventbus' });
    this.server.on('connection', (socket) => {
      if (!this.accepting) {
        socket.destroy();
      }
    });
    await listen(this.server);
    this.url = `http://127.0.0.1:${this.server.address().port}/eventbus`;
    return this;
  }

  onConnection(conn) {
    const socket = { conn, session: null, addresses: new Set() };
    this.sockets.add(socket);
    conn.on('close', () => this.sockets.delete(socket));
    conn.on('data', (text) => {
      const frame = JSON.parse(text);
      if (frame.type === 'ping') {
        return;
      }
      if (!socket.session) {
        const headers = frame.headers || {};
        if (frame.type !== 'register' || headers.botId !== this.botId || headers.token !== this.token) {
          this.refused.push(frame);
          conn.write(JSON.stringify({ type: 'err', body: 'rejected' }));
          return;
        }
        socket.session = { botId: headers.botId, ...parseSpec(headers.shards) };
      }
      if (frame.type === 'register') {
        socket.addresses.add(frame.address);
      } else if (frame.type === 'send' && frame.address === 'configsync.bot.ack') {
        this.acks.push(frame.body);
      } else if (frame.type === 'send' && frame.address === 'configsync.replay') {
        this.replays.push(frame.body);
        const scripted = this.onReplay ? this.onReplay(frame.body, socket) : undefined;
        const reply = scripted !== undefined ? scripted
          : this.world.replay(frame.body.after, frame.body.limit, socket.session.shards, socket.session.count);
        if (reply !== null) {
          conn.write(JSON.stringify({ type: 'rec', address: frame.replyAddress, body: reply }));
        }
      } else if (frame.type === 'send' && frame.address === 'configsync.bot.proposal') {
        this.proposals.push(frame.body);
        const answer = this.onProposal(frame.body);
        conn.write(JSON.stringify(answer.fail
          ? { type: 'err', address: frame.replyAddress, failureCode: answer.fail.code, failureType: 'RECIPIENT_FAILURE',
            message: answer.fail.message }
          : { type: 'rec', address: frame.replyAddress, body: answer.reply }));
      } else {
        this.refused.push(frame);
        conn.write(JSON.stringify({ type: 'err', body: 'rejected' }));
      }
    });
  }

  /** Sends a raw body on a shard's address to every socket registered there. */
  publish(shard, body) {
    const address = `configsync.module.change.shard.${this.count}.${shard}`;
    for (const socket of this.sockets) {
      if (socket.addresses.has(address)) {
        socket.conn.write(JSON.stringify({ type: 'rec', address, body }));
      }
    }
  }

  /** An event as the gateway relays it, with the `prev` of its shard. */
  sendEvent(event, prev = this.world.prevOf(event, this.count)) {
    this.publish(shardOf(event.guildId, this.count), { kind: 'event', ...event, prev });
  }

  /** The every-second progress message of a shard: "nothing else happened on this shard up to the head". */
  sendProgress(shard) {
    this.publish(shard, { kind: 'progress', revision: this.world.head, prev: this.world.lastOfShard(shard, this.count) });
  }

  sendProgressAll(shards) {
    shards.forEach((shard) => this.sendProgress(shard));
  }

  registeredCount() {
    let count = 0;
    for (const socket of this.sockets) {
      count += socket.addresses.size;
    }
    return count;
  }

  /** Closes every socket and refuses new connections (a gateway that died). */
  async kill() {
    this.accepting = false;
    for (const socket of this.sockets) {
      socket.conn.close();
    }
    this.sockets.clear();
    await closeServer(this.server);
  }
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
}

function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Polls `condition` every 10 ms until it holds; fails with `what` after `ms`. */
async function until(what, condition, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await condition();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

module.exports = { World, ScriptedGateway, startBackend, guildOf, until, parseSpec };
