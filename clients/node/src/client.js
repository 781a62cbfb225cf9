'use strict';

// The protocol of README.md's "External bots" section, as a client:
//   1. bulk load every module's enabled configs of our shards from the backend (streamed NDJSON);
//   2. register on configsync.module.change.shard.{count}.{n} for each of our shards;
//   3. per shard keep A, the revision up to which we hold everything of that shard; a message whose
//      `prev` is <= A follows on from what we hold, a larger `prev` means we missed something;
//   4. fill a hole by asking the gateway for a replay after A (`gone`: reload everything);
//   5. ack A every second, and on a lost connection go to the next gateway and resume from A.

const crypto = require('node:crypto');
const { EventEmitter } = require('node:events');
// The npm client is CommonJS and require()s 'sockjs-client' itself: no global SockJS needed.
const EventBus = require('@vertx/eventbus-bridge-client.js');
const { Backend } = require('./backend');
const { ConfigSyncError, ProposalError } = require('./errors');
const { parseShards, shardOf } = require('./shards');
const { readStateFile, writeStateFile } = require('./state-file');

const CHANGE_PREFIX = 'configsync.module.change.shard.';
const REPLAY_ADDRESS = 'configsync.replay';
const ACK_ADDRESS = 'configsync.bot.ack';
const PROPOSAL_ADDRESS = 'configsync.bot.proposal';
// Statuses per ack and the length of an error kept: an ack must stay well under the bridge's 64 KiB frame.
const STATUSES_PER_ACK = 50;
const ACK_MESSAGES_PER_TICK = 5;
const ERROR_LENGTH = 300;
// A load of a million configs calls a million hooks: at most this many run (or wait) at once, so
// that memory stays what is held rather than a promise per config.
const LOAD_HOOKS_IN_FLIGHT = 256;

const DEFAULTS = {
  shards: '0/1',
  stateFile: null,
  ackIntervalMs: 1000,
  // The gateway sends a progress message on every shard every second, so this much silence means the
  // connection is dead even if TCP has not noticed (a half-open socket, a gateway that hangs).
  silenceLimitMs: 5000,
  replayPageSize: 1000,
  // The bridge answers a refused frame with an error that has no reply address, so a refused replay
  // would never call back: give up on it after this long and let the next message ask again.
  replayTimeoutMs: 12000,
  proposalTimeoutMs: 15000,
  reconnectDelayMinMs: 200,
  reconnectDelayMaxMs: 2000,
  stateFileIntervalMs: 5000,
  requestTimeoutMs: 30000,
};

const SILENT = { info() {}, warn() {} };

class ConfigSyncClient extends EventEmitter {
  /** @param {import('./index').ConfigSyncClientOptions} options */
  constructor(options) {
    super();
    const settings = { ...DEFAULTS, ...withoutUndefined(options || {}) };
    const list = (value, name) => {
      const values = (Array.isArray(value) ? value : String(value || '').split(','))
        .map((url) => String(url).trim().replace(/\/+$/, '')).filter(Boolean);
      if (values.length === 0) {
        throw new ConfigSyncError('INVALID_OPTIONS', `${name} needs at least one URL`);
      }
      return values;
    };
    for (const name of ['botId', 'token']) {
      if (typeof settings[name] !== 'string' || settings[name].trim() === '') {
        throw new ConfigSyncError('INVALID_OPTIONS', `${name} is required`);
      }
    }
    for (const name of Object.keys(DEFAULTS).filter((key) => key.endsWith('Ms') || key.endsWith('Size'))) {
      if (!Number.isInteger(settings[name]) || settings[name] <= 0) {
        throw new ConfigSyncError('INVALID_OPTIONS', `${name} must be a positive integer, got ${settings[name]}`);
      }
    }
    const shards = parseShards(settings.shards);
    this.options = Object.freeze({
      ...settings,
      gateways: list(settings.gateways, 'gateways').map((url) => (url.endsWith('/eventbus') ? url : `${url}/eventbus`)),
      backendUrls: list(settings.backendUrl, 'backendUrl'),
      shardCount: shards.count,
      shardList: shards.shards,
      shardSpec: shards.spec,
    });
    this.logger = settings.logger || SILENT;
    this.backend = new Backend(this.options.backendUrls, this.options.token, this.options.requestTimeoutMs);

    /** moduleId -> module */
    this.modules = new Map();
    // (guildId:moduleId) -> {guildId, moduleId, version, enabled, config}. Disabled entries keep their
    // version so that an older event replayed late cannot bring a config back.
    this.held = new Map();
    /** moduleId -> the revision its bulk load was read at: events up to it are in the load. */
    this.loadedThrough = new Map();
    /** shard -> A. Everything of that shard up to A is held. */
    this.complete = new Map();
    /** shard -> revision of the last event applied; only to prove the order (outOfOrder). */
    this.lastApplied = new Map();
    this.counters = {
      applied: 0, staleIgnored: 0, gapsDetected: 0, replays: 0, eventsReplayed: 0, reconnects: 0,
      fullReloads: 0, resumes: 0, outOfOrder: 0, moduleFailures: 0,
    };
    // Hooks: one chain per (guild, module), so that a slow guild does not hold the others up.
    this.chains = new Map();
    this.hooksInFlight = 0;
    /** resolved whenever a hook finishes: callHooksForLoad waits on it when too many are in flight */
    this.hookFinished = null;
    this.digestCache = null;
    /** key -> {guildId, moduleId, version, ok, error}: outcomes the backend has not been told of yet. */
    this.unreported = new Map();
    /** keys whose last reported status was a failure: their recovery is reported even after a load. */
    this.reportedFailing = new Set();
    this.lastAckedRevision = 0;

    this.bus = null;
    this.gatewayIndex = 0;
    this.everConnected = false;
    this.failedAttempts = 0;
    this.lastHeard = 0;
    this.replaying = false;
    this.reloading = false;
    this.loading = false;
    this.started = false;
    this.stopping = false;
    this.timers = [];
    this.liveShards = new Set();
    this.saving = null;
    this.savedMarker = '';
    this.changeCount = 0;
  }

  /** @param {import('./index').BotModule} module */
  register(module) {
    if (!module || typeof module.id !== 'string' || module.id === '') {
      throw new ConfigSyncError('INVALID_MODULE', 'a module needs an id (the ConfigSync module id, e.g. "welcome")');
    }
    for (const hook of ['onEnable', 'onDisable', 'onConfigUpdate']) {
      if (module[hook] !== undefined && typeof module[hook] !== 'function') {
        throw new ConfigSyncError('INVALID_MODULE', `module ${module.id}: ${hook} must be a function`);
      }
    }
    if (this.modules.has(module.id)) {
      throw new ConfigSyncError('INVALID_MODULE', `module ${module.id} is registered already`);
    }
    if (this.started) {
      throw new ConfigSyncError('INVALID_MODULE', 'register modules before start()');
    }
    this.modules.set(module.id, module);
    return this;
  }

  /** Resolves once the full state is held and every shard's live stream follows on from it. */
  async start() {
    if (this.started) {
      throw new ConfigSyncError('ALREADY_STARTED', 'start() was called already');
    }
    this.started = true;
    this.log('info', `starting for shards ${this.options.shardSpec}; gateways ${this.options.gateways.join(', ')}; `
      + `backend ${this.options.backendUrls.join(', ')}`);
    const live = new Promise((resolve, reject) => {
      this.resolveLive = resolve;
      this.rejectLive = reject;
    });
    live.catch(() => {}); // start() may fail before it awaits this (a wrong token): no unhandled rejection
    if (!(await this.restoreStateFile())) {
      await this.fullReloadUntilDone('initial load', true);
    }
    if (this.stopping) {
      throw new ConfigSyncError('STOPPED', 'stop() was called before the client was live');
    }
    this.connect();
    this.timers.push(setInterval(() => this.sendAcks(), this.options.ackIntervalMs));
    this.timers.push(setInterval(() => this.watchConnection(), Math.min(1000, this.options.silenceLimitMs)));
    if (this.options.stateFile) {
      this.timers.push(setInterval(() => this.saveStateFile().catch((error) => this.report(error)),
        this.options.stateFileIntervalMs));
    }
    await live;
  }

  /** Stops listening, saves the state file, and waits (up to 5 s) for the hooks in flight. */
  async stop() {
    if (this.stopping) {
      return;
    }
    this.stopping = true;
    this.timers.forEach(clearInterval);
    this.timers = [];
    if (this.rejectLive) {
      this.rejectLive(new ConfigSyncError('STOPPED', 'stop() was called before the client was live'));
    }
    const deadline = Date.now() + 5000;
    while (this.hooksInFlight > 0 && Date.now() < deadline) {
      await Promise.race([...this.chains.values(), delay(100)]);
    }
    if (this.bus) {
      this.sendAcks();
    }
    try {
      await this.saveStateFile();
    } catch (error) {
      this.report(error);
    }
    const bus = this.bus;
    this.bus = null;
    if (bus) {
      try {
        bus.close();
      } catch (ignored) {
        // closed already
      }
    }
  }

  /** The config held for a module in a guild, or null when there is none or it is disabled. */
  getConfig(moduleId, guildId) {
    const entry = this.held.get(key(String(guildId), moduleId));
    return entry && entry.enabled ? entry.config : null;
  }

  /**
   * What this client holds, as the backend's `GET /api/state/digest?shards=..` computes it: SHA-256
   * of the lines `guildId:moduleId:version\n` of every enabled config, by guild id (numerically),
   * then module id.
   */
  state() {
    const revisions = {};
    this.options.shardList.forEach((shard) => { revisions[shard] = this.complete.get(shard) ?? null; });
    const revision = this.complete.size === 0 ? null : this.minComplete();
    // Sorting a million entries takes a while: computed again only when something changed.
    if (!this.digestCache || this.digestCache.changeCount !== this.changeCount) {
      this.digestCache = { changeCount: this.changeCount, ...this.computeDigest() };
    }
    const { digest, count } = this.digestCache;
    return { shards: this.options.shardSpec, revision, revisions, digest, count };
  }

  computeDigest() {
    const enabled = [];
    for (const entry of this.held.values()) {
      if (entry.enabled) {
        enabled.push(entry);
      }
    }
    enabled.sort((a, b) => compareGuildIds(a.guildId, b.guildId)
      || (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0));
    const sha256 = crypto.createHash('sha256');
    for (const entry of enabled) {
      sha256.update(`${entry.guildId}:${entry.moduleId}:${entry.version}\n`);
    }
    return { digest: sha256.digest('hex'), count: enabled.length };
  }

  /** How the client got where it is (counters since it was created). */
  stats() {
    return { ...this.counters, connected: this.isOpen(), gateway: this.isOpen() ? this.currentUrl() : null };
  }

  /**
   * Proposes a change through the gateway (the backend checks it like an HTTP write).
   * @returns {Promise<object>} the reply: `{ok: true, changed, state}` or
   *   `{ok: false, code: 'VERSION_CONFLICT', current, currentVersion}`
   */
  propose(proposal) {
    const { guildId, moduleId, baseVersion } = proposal || {};
    const body = { guildId: String(guildId), moduleId, baseVersion };
    if ('config' in (proposal || {})) {
      body.config = proposal.config;
    }
    if ('enabled' in (proposal || {})) {
      body.enabled = proposal.enabled;
    }
    if (!this.isOpen()) {
      return Promise.reject(new ConfigSyncError('NOT_CONNECTED', 'not connected to a gateway; try again'));
    }
    const bus = this.bus;
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new ConfigSyncError('TIMEOUT',
        `no answer to the proposal within ${this.options.proposalTimeoutMs} ms (refused by the gateway, or it is gone)`)),
      this.options.proposalTimeoutMs);
      try {
        bus.send(PROPOSAL_ADDRESS, body, (error, reply) => {
          clearTimeout(timeout);
          if (error) {
            reject(new ProposalError(error.failureCode ?? null, error.message || JSON.stringify(error)));
          } else {
            resolve(reply.body);
          }
        });
      } catch (error) {
        clearTimeout(timeout);
        reject(new ConfigSyncError('NOT_CONNECTED', `proposal not sent: ${error.message}`));
      }
    });
  }

  // ------------------------------------------------------------------------------------------
  // Bulk load

  async fullReload(reason, initial) {
    // reloading: live messages are dropped (the reload sets A afresh); loading: A is not valid yet,
    // so neither ack nor state file. Loading ends at the swap, reloading once the hooks are issued.
    this.reloading = true;
    this.loading = true;
    try {
      const moduleIds = await this.backend.moduleIds();
      const fresh = new Map();
      const loaded = new Map();
      for (const moduleId of moduleIds) {
        const revision = await this.backend.bulkLoad(moduleId, this.options.shardSpec, (item) => {
          const guildId = String(item.guildId);
          fresh.set(key(guildId, moduleId), { guildId, moduleId, version: item.version, enabled: true, config: item.config });
        });
        loaded.set(moduleId, revision);
      }
      // Each module was read at its own revision: we hold everything only up to the oldest of them.
      // Later events of the modules read further on are recognised by loadedThrough and skipped.
      const through = loaded.size === 0 ? 0 : Math.min(...loaded.values());
      const previous = this.held;
      this.held = fresh;
      this.loadedThrough = loaded;
      this.options.shardList.forEach((shard) => this.complete.set(shard, through));
      this.loading = false;
      this.counters.fullReloads++;
      this.changeCount++;
      await this.callHooksForLoad(previous, fresh);
      this.log('info', `full reload (${reason}): ${fresh.size} configs of ${moduleIds.join(', ')} for shards `
        + `${this.options.shardSpec}, complete through revision ${through}`);
      this.emit('reload', { reason, initial, count: fresh.size, revision: through });
    } finally {
      this.reloading = false;
      this.loading = false;
    }
  }

  async fullReloadUntilDone(reason, initial = false) {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.fullReload(reason, initial);
        return;
      } catch (error) {
        if (initial && error.code === 'UNAUTHORIZED') {
          throw error; // a wrong token does not get better by retrying
        }
        const wait = Math.min(5000, 250 * attempt);
        this.report(new ConfigSyncError(error.code || 'BACKEND',
          `full reload failed (${error.message}); retrying in ${wait} ms`));
        await delay(wait);
      }
    }
  }

  /**
   * After a load: enable what is new, update what changed, disable what is gone. Resolves once every
   * hook has been started, at most LOAD_HOOKS_IN_FLIGHT at a time; live events wait meanwhile
   * (they are dropped while reloading and replayed after), so each config's hooks stay in order.
   */
  async callHooksForLoad(previous, fresh) {
    if (this.modules.size === 0) {
      return;
    }
    const call = async (before, after) => {
      if (!this.modules.has(after.moduleId)) {
        return;
      }
      while (this.hooksInFlight >= LOAD_HOOKS_IN_FLIGHT) {
        await this.nextHookFinished();
      }
      this.callHook(before, after, false);
    };
    for (const entry of fresh.values()) {
      const before = previous.get(key(entry.guildId, entry.moduleId));
      if (!before || !before.enabled || before.version !== entry.version) {
        await call(before, entry);
      }
    }
    for (const before of previous.values()) {
      if (before.enabled && !fresh.has(key(before.guildId, before.moduleId))) {
        await call(before, { ...before, enabled: false, config: null });
      }
    }
  }

  nextHookFinished() {
    if (!this.hookFinished) {
      let resolve;
      const promise = new Promise((done) => { resolve = done; });
      this.hookFinished = { promise, resolve };
    }
    return this.hookFinished.promise;
  }

  // ------------------------------------------------------------------------------------------
  // Applying events

  /**
   * Takes one event of `shard` that follows on from what we hold (every earlier event of the shard
   * is held). A moves on even when the event is skipped: skipped means we hold its effect already.
   */
  applyEvent(event, shard, via) {
    if (event.revision <= this.complete.get(shard)) {
      return; // held already: a duplicate, or a replay page overlapping the stream
    }
    const guildId = String(event.guildId);
    const entryKey = key(guildId, event.moduleId);
    const current = this.held.get(entryKey);
    const inBulkLoad = event.revision <= (this.loadedThrough.get(event.moduleId) ?? 0);
    if (inBulkLoad) {
      // its effect is in the load already
    } else if (current && event.version <= current.version) {
      this.counters.staleIgnored++;
    } else {
      if (this.lastApplied.has(shard) && event.revision < this.lastApplied.get(shard)) {
        this.counters.outOfOrder++;
      }
      this.lastApplied.set(shard, event.revision);
      const enabled = event.action !== 'disabled';
      const entry = { guildId, moduleId: event.moduleId, version: event.version, enabled, config: enabled ? event.config : null };
      this.held.set(entryKey, entry);
      this.counters.applied++;
      this.changeCount++;
      this.callHook(current, entry, true);
      this.emit('applied', {
        revision: event.revision, guildId, moduleId: event.moduleId, action: event.action, version: event.version,
        enabled, config: entry.config, shard, via,
      });
    }
    this.complete.set(shard, event.revision);
  }

  onShardMessage(connection, shard, error, message) {
    if (connection !== this.bus) {
      return;
    }
    if (error) {
      this.report(new ConfigSyncError('BRIDGE', `error on shard ${shard}: ${error.message || JSON.stringify(error)}`, error));
      return;
    }
    this.lastHeard = Date.now();
    if (this.reloading) {
      return; // the reload sets A afresh; the next messages reveal what it lacks
    }
    const body = message.body;
    const have = this.complete.get(shard);
    if (body.prev > have) {
      this.counters.gapsDetected++;
      this.requestReplay(`shard ${shard}: ${body.kind} at revision ${body.revision} follows revision ${body.prev}, `
        + `but we hold everything only up to ${have}`);
      return;
    }
    if (body.kind === 'event') {
      this.applyEvent(body, shard, 'stream');
    } else if (body.kind === 'progress') {
      this.complete.set(shard, Math.max(have, body.revision));
    }
    this.liveShards.add(shard);
    if (this.resolveLive && this.liveShards.size === this.options.shardList.length) {
      const resolve = this.resolveLive;
      this.resolveLive = null;
      this.rejectLive = null;
      this.log('info', `live on shards ${this.options.shardSpec} at revision ${this.minComplete()}`);
      resolve();
    }
  }

  // While a replay is in flight, stream messages that follow on from A are still applied (A moves
  // on), and the rest are dropped: the replay covers them, or the next message asks again.
  requestReplay(reason) {
    if (this.replaying || this.reloading || !this.isOpen()) {
      return;
    }
    const connection = this.bus;
    const after = this.minComplete();
    this.replaying = true;
    this.counters.replays++;
    this.log('info', `replay after revision ${after}: ${reason}`);
    const timeout = setTimeout(() => {
      if (this.replaying && connection === this.bus) {
        this.replaying = false;
        this.log('warn', `replay after revision ${after} got no answer in ${this.options.replayTimeoutMs} ms; will ask again`);
      }
    }, this.options.replayTimeoutMs);
    try {
      // The gateway limits the replay to our own shards whatever we send.
      connection.send(REPLAY_ADDRESS, { after, limit: this.options.replayPageSize }, (error, reply) => {
        clearTimeout(timeout);
        if (connection !== this.bus) {
          return; // that connection is gone; the new one resumes on its own
        }
        this.replaying = false;
        if (error) {
          this.report(new ConfigSyncError('REPLAY', `replay after revision ${after} failed: `
            + `${error.message || JSON.stringify(error)}; will ask again`, error));
          return;
        }
        this.onReplayPage(after, reply.body);
      });
    } catch (error) {
      clearTimeout(timeout);
      this.replaying = false;
    }
  }

  onReplayPage(after, page) {
    if (page.gone) {
      this.log('warn', `revision ${after} is past the log's retention: full reload`);
      this.fullReloadUntilDone(`revision ${after} is past retention`).catch((error) => this.report(error));
      return;
    }
    const ours = new Set(this.options.shardList);
    for (const event of page.events) {
      const shard = shardOf(event.guildId, this.options.shardCount);
      if (ours.has(shard)) {
        this.applyEvent(event, shard, 'replay');
      }
    }
    this.counters.eventsReplayed += page.events.length;
    // The page holds every event of our shards after `after` up to `through`.
    this.options.shardList.forEach((shard) => this.complete.set(shard, Math.max(this.complete.get(shard), page.through)));
    this.log('info', `replay after revision ${after}: ${page.events.length} events, complete through ${page.through} `
      + `(head ${page.head})`);
    this.emit('replay', { after, events: page.events.length, through: page.through, head: page.head });
    if (page.through < page.head) {
      this.requestReplay(`more events after revision ${page.through}`);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Module hooks and their statuses

  /** Calls the module's hook for the change from `before` to `after`, in order per (guild, module). */
  callHook(before, after, live) {
    const module = this.modules.get(after.moduleId);
    if (!module) {
      return;
    }
    const wasEnabled = Boolean(before && before.enabled);
    let call;
    if (after.enabled) {
      const update = module.onConfigUpdate || module.onEnable;
      const hook = wasEnabled ? update : (module.onEnable || module.onConfigUpdate);
      call = hook && (() => hook.call(module, after.guildId, after.config));
    } else if (wasEnabled) {
      call = module.onDisable && (() => module.onDisable.call(module, after.guildId));
    }
    if (!call) {
      return;
    }
    const entryKey = key(after.guildId, after.moduleId);
    this.hooksInFlight++;
    const previous = this.chains.get(entryKey) || Promise.resolve();
    const chain = previous.then(async () => {
      let ok = true;
      let error = null;
      try {
        const result = await call();
        if (result && typeof result === 'object' && result.ok === false) {
          ok = false;
          error = String(result.error || 'the module could not act on this config');
        }
      } catch (thrown) {
        ok = false;
        error = thrown && thrown.message ? thrown.message : String(thrown);
      }
      this.recordStatus(entryKey, after, ok, error, live);
    }).finally(() => {
      this.hooksInFlight--;
      if (this.chains.get(entryKey) === chain) {
        this.chains.delete(entryKey);
      }
      const waiting = this.hookFinished;
      if (waiting) {
        this.hookFinished = null;
        waiting.resolve();
      }
    });
    this.chains.set(entryKey, chain);
  }

  /**
   * Live events report every outcome. Loads report only failures and recoveries from a failure the
   * backend was told of: the backend counts an acked revision as held, so a million "ok" statuses
   * after a big load would only hold the ack back while they trickle out.
   */
  recordStatus(entryKey, entry, ok, error, live) {
    const waiting = this.unreported.get(entryKey);
    if (waiting && waiting.version > entry.version) {
      return;
    }
    if (!ok) {
      this.counters.moduleFailures++;
      this.log('warn', `module ${entry.moduleId} could not act on its config v${entry.version} for guild ${entry.guildId}: ${error}`);
      this.emit('moduleError', { guildId: entry.guildId, moduleId: entry.moduleId, version: entry.version, error });
    }
    if (ok && !live && !this.reportedFailing.has(entryKey)) {
      this.unreported.delete(entryKey);
      return;
    }
    this.unreported.set(entryKey, {
      guildId: entry.guildId, moduleId: entry.moduleId, version: entry.version, ok,
      ...(ok ? {} : { error: error.length > ERROR_LENGTH ? `${error.slice(0, ERROR_LENGTH - 1)}…` : error }),
    });
  }

  /** The gateway stamps the ack with our bot id, shards and its own id; /api/bots shows our lag. */
  sendAcks() {
    if (!this.isOpen() || this.loading) {
      return;
    }
    // Read before taking statuses: everything applied up to A is then in this ack or an earlier one.
    const applied = this.minComplete();
    for (let message = 0; message < ACK_MESSAGES_PER_TICK; message++) {
      const statuses = [];
      for (const [entryKey, status] of this.unreported) {
        if (statuses.length === STATUSES_PER_ACK) {
          break;
        }
        statuses.push(status);
        this.unreported.delete(entryKey);
        if (status.ok) {
          this.reportedFailing.delete(entryKey);
        } else {
          this.reportedFailing.add(entryKey);
        }
      }
      const allReported = this.hooksInFlight === 0 && this.unreported.size === 0;
      const revision = allReported ? applied : this.lastAckedRevision;
      this.lastAckedRevision = revision;
      try {
        this.bus.send(ACK_ADDRESS, { revision, statuses });
      } catch (error) {
        this.log('warn', `ack not sent: ${error.message}`);
        statuses.forEach((status) => this.unreported.set(key(status.guildId, status.moduleId), status));
        return;
      }
      if (this.unreported.size === 0) {
        return;
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // The bridge connection: one at a time, the next gateway in turn when it is lost

  connect() {
    if (this.stopping) {
      return;
    }
    const url = this.currentUrl();
    // Reconnection is ours, not the client's: its own would retry the same URL only.
    const connection = new EventBus(url);
    this.bus = connection;
    this.lastHeard = Date.now();
    this.log('info', `connecting to ${url}`);

    connection.onopen = () => {
      if (connection !== this.bus) {
        connection.close(); // given up on already (too slow to open): a newer connection is on its way
        return;
      }
      this.lastHeard = Date.now();
      this.failedAttempts = 0;
      const reconnect = this.everConnected;
      if (reconnect) {
        this.counters.reconnects++;
        this.log('info', `reconnected to ${url}; resuming from revision ${this.minComplete()}`);
      } else {
        this.log('info', `connected to ${url}`);
      }
      this.everConnected = true;
      // The gateway authenticates the socket with the headers of its first register; the same
      // headers on the other registers are harmless and keep this independent of the order.
      const headers = { botId: this.options.botId, token: this.options.token, shards: this.options.shardSpec };
      for (const shard of this.options.shardList) {
        connection.registerHandler(`${CHANGE_PREFIX}${this.options.shardCount}.${shard}`, { ...headers },
          (error, message) => this.onShardMessage(connection, shard, error, message));
      }
      // No replay yet: the first message of each shard tells whether we missed anything meanwhile.
      this.emit('connected', { url, reconnect });
    };

    connection.onclose = () => {
      if (connection === this.bus) {
        this.lost(`connection to ${url} closed`);
      }
    };

    // Refused frames (bad token, a shard that is not ours) arrive here, without an address.
    connection.onerror = (error) => {
      if (connection === this.bus) {
        this.report(new ConfigSyncError('BRIDGE', `bridge error from ${url}: ${error.message || JSON.stringify(error)}`, error));
      }
    };
  }

  lost(why) {
    const connection = this.bus;
    this.bus = null;
    this.replaying = false;
    try {
      connection.close();
    } catch (ignored) {
      // closed already
    }
    if (this.stopping) {
      return;
    }
    const url = this.currentUrl();
    this.failedAttempts++;
    this.gatewayIndex++;
    const wait = Math.min(this.options.reconnectDelayMaxMs, this.options.reconnectDelayMinMs * this.failedAttempts);
    this.log('warn', `${why}; reconnecting to ${this.currentUrl()} in ${wait} ms`);
    this.emit('disconnected', { url, reason: why });
    const timer = setTimeout(() => {
      this.timers = this.timers.filter((t) => t !== timer);
      this.connect();
    }, wait);
    this.timers.push(timer);
  }

  watchConnection() {
    if (this.bus && Date.now() - this.lastHeard > this.options.silenceLimitMs) {
      this.lost(`nothing heard from the gateway for ${this.options.silenceLimitMs} ms`);
    }
  }

  // ------------------------------------------------------------------------------------------
  // The state file: a restarted bot resumes from A (a replay of what it missed) instead of
  // reloading everything; `gone` on that replay falls back to a full reload.

  async saveStateFile() {
    if (!this.options.stateFile || this.loading || this.complete.size === 0) {
      return;
    }
    if (this.saving) {
      await this.saving;
    }
    const marker = `${JSON.stringify([...this.complete])}:${this.changeCount}`;
    if (marker === this.savedMarker) {
      return;
    }
    const header = {
      shards: this.options.shardSpec,
      complete: [...this.complete],
      loadedThrough: [...this.loadedThrough],
      count: this.held.size,
    };
    this.saving = writeStateFile(this.options.stateFile, header, this.held.values());
    try {
      await this.saving;
      this.savedMarker = marker;
    } finally {
      this.saving = null;
    }
  }

  async restoreStateFile() {
    const path = this.options.stateFile;
    if (!path) {
      return false;
    }
    const restored = new Map();
    let file;
    try {
      file = await readStateFile(path, (entry) => {
        restored.set(key(entry.guildId, entry.moduleId), entry);
      });
    } catch (error) {
      this.report(new ConfigSyncError('STATE_FILE', `state file ${path} is unreadable (${error.message}); reloading everything`));
      return false;
    }
    if (file === null) {
      return false;
    }
    if (file.header.shards !== this.options.shardSpec) {
      this.log('warn', `state file ${path} is of shards ${file.header.shards}, not ${this.options.shardSpec}; reloading everything`);
      return false;
    }
    this.held = restored;
    this.loadedThrough = new Map(file.header.loadedThrough);
    file.header.complete.forEach(([shard, revision]) => this.complete.set(Number(shard), revision));
    this.counters.resumes++;
    this.changeCount++;
    this.savedMarker = `${JSON.stringify([...this.complete])}:${this.changeCount}`;
    await this.callHooksForLoad(new Map(), restored);
    this.log('info', `resumed from ${path}: ${restored.size} configs, complete through ${this.minComplete()}`);
    this.emit('resumed', { stateFile: path, count: restored.size, revision: this.minComplete() });
    return true;
  }

  // ------------------------------------------------------------------------------------------

  isOpen() {
    return Boolean(this.bus) && this.bus.state === EventBus.OPEN;
  }

  currentUrl() {
    return this.options.gateways[this.gatewayIndex % this.options.gateways.length];
  }

  minComplete() {
    return Math.min(...this.options.shardList.map((shard) => this.complete.get(shard) ?? 0));
  }

  /** An 'error' event if someone listens (an EventEmitter throws on an unheard 'error'), else the logger. */
  report(error) {
    if (this.listenerCount('error') > 0) {
      this.emit('error', error);
    } else {
      this.log('warn', error.message);
    }
  }

  log(level, message) {
    this.logger[level](message);
  }
}

function key(guildId, moduleId) {
  return `${guildId}:${moduleId}`;
}

/** Snowflakes as decimal strings without leading zeros: the shorter is smaller, else the text decides. */
function compareGuildIds(a, b) {
  if (a.length !== b.length) {
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withoutUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

module.exports = { ConfigSyncClient };
