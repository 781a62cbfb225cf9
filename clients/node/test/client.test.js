'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, afterEach } = require('node:test');
const { ConfigSyncClient, ConfigSyncError, ProposalError } = require('../src/index');
const { World, ScriptedGateway, startBackend, guildOf, until } = require('./support/scripted');

const BOT = { botId: 'bot-a', token: 'secret-a' };
const SHARDS = [0, 1];
const SPEC = '0,1/4';
const cleanups = [];

afterEach(async () => {
  while (cleanups.length > 0) {
    await cleanups.pop()();
  }
});

/** A World, its backend, `gatewayCount` gateways and a client on shards 0,1/4 (not started). */
async function setup({ gatewayCount = 1, clientOptions = {}, ndjson = true, world = new World(), cutOffLoads = 0 } = {}) {
  const backend = await startBackend(world, { token: BOT.token, ndjson, cutOffLoads });
  cleanups.push(backend.close);
  const gateways = [];
  for (let i = 0; i < gatewayCount; i++) {
    const gateway = await new ScriptedGateway(world, BOT).start();
    cleanups.push(() => gateway.kill().catch(() => {}));
    gateways.push(gateway);
  }
  const calls = [];
  const module = (id) => ({
    id,
    onEnable: async (guildId, config) => { calls.push(['enable', id, guildId, config]); },
    onConfigUpdate: async (guildId, config) => { calls.push(['update', id, guildId, config]); },
    onDisable: async (guildId) => { calls.push(['disable', id, guildId]); },
  });
  const makeClient = (options = {}) => {
    const client = new ConfigSyncClient({
      gateways: gateways.map((gateway) => gateway.url), backendUrl: backend.url, ...BOT, shards: SPEC,
      ackIntervalMs: 50, silenceLimitMs: 60000, ...clientOptions, ...options,
    });
    cleanups.push(() => client.stop());
    return client;
  };
  return { world, backend, gateways, gateway: gateways[0], calls, module, makeClient };
}

/** Starts the client and lets the gateway send the progress messages that make it live. */
async function startLive(client, gateway) {
  const started = client.start();
  await until('the client to register on both shards', () => gateway.registeredCount() >= SHARDS.length);
  gateway.sendProgressAll(SHARDS);
  let timer;
  await Promise.race([started, new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('start() did not resolve within 15 s')), 15000);
  })]).finally(() => clearTimeout(timer));
}

function assertConverged(client, world) {
  const expected = world.digest(SHARDS, 4);
  const state = client.state();
  assert.equal(state.digest, expected.digest, `digest of ${JSON.stringify(state)}`);
  assert.equal(state.count, expected.count);
}

const g = (shard, n) => guildOf(shard, 4, n);

test('start() bulk-loads its shards as NDJSON, calls onEnable, and resolves once live; getConfig and state() agree with the backend', async () => {
  const { world, backend, gateway, calls, module, makeClient } = await setup();
  world.write(g(0, 1), 'welcome', { config: { message: 'hi 0' } });
  world.write(g(1, 1), 'welcome', { config: { message: 'hi 1' } });
  world.write(g(2, 1), 'welcome', { config: { message: 'not ours' } });
  world.write(g(0, 2), 'automod', { config: { rules: [] } });
  world.write(g(1, 2), 'welcome', { disable: true });
  const client = makeClient();
  client.register(module('welcome'));
  await startLive(client, gateway);

  assert.ok(backend.requests.filter((r) => r.path.startsWith('/api/modules/enabled/'))
    .every((r) => r.accept === 'application/x-ndjson'));
  assert.deepEqual(client.getConfig('welcome', g(0, 1)), { message: 'hi 0' });
  assert.equal(client.getConfig('welcome', g(2, 1)), null, 'shard 2 is not ours');
  assert.equal(client.getConfig('welcome', g(1, 2)), null, 'disabled');
  assert.deepEqual(client.getConfig('automod', g(0, 2)), { rules: [] }, 'held, though no module is registered for it');
  assert.deepEqual(calls.map(([kind, , guild]) => `${kind} ${guild}`).sort(), [`enable ${g(0, 1)}`, `enable ${g(1, 1)}`].sort());
  assertConverged(client, world);
  assert.equal(client.state().revision, world.head);
  assert.equal(client.stats().fullReloads, 1);
});

test('a backend without NDJSON still loads (buffered JSON)', async () => {
  const { world, gateway, makeClient } = await setup({ ndjson: false });
  world.write(g(0, 1), 'welcome');
  const client = makeClient();
  await startLive(client, gateway);
  assertConverged(client, world);
});

test('a bulk load cut off in the middle is not taken: the client says so and loads again', async () => {
  const { world, gateway, makeClient } = await setup({ cutOffLoads: 1 });
  for (let i = 0; i < 50; i++) {
    world.write(g(i % 2, 200 + i), 'welcome');
  }
  const client = makeClient();
  const errors = [];
  client.on('error', (error) => errors.push(error));
  await startLive(client, gateway);
  assert.ok(errors.some((error) => /full reload failed/.test(error.message)), JSON.stringify(errors.map((e) => e.message)));
  assert.equal(client.stats().fullReloads, 1);
  assertConverged(client, world);
});

test('a load of 3,000 configs calls every onEnable, never more than 256 hooks at once', async () => {
  const { world, gateway, makeClient } = await setup();
  for (let i = 0; i < 3000; i++) {
    world.write(g(i % 2, 1000 + i), 'welcome');
  }
  const client = makeClient();
  let running = 0;
  let most = 0;
  const enabled = new Set();
  client.register({
    id: 'welcome',
    async onEnable(guildId) {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      enabled.add(guildId);
    },
  });
  await startLive(client, gateway);
  await until('every onEnable', () => enabled.size === 3000);
  assert.ok(most <= 256, `at most 256 hooks at once, saw ${most}`);
  assert.ok(most > 1, 'hooks of different guilds run side by side');
  assertConverged(client, world);
});

test('live events apply in revision order per shard and call onEnable, onConfigUpdate, onDisable in turn', async () => {
  const { world, gateway, calls, module, makeClient } = await setup();
  const client = makeClient();
  client.register(module('welcome'));
  const applied = [];
  client.on('applied', (event) => applied.push(event.revision));
  await startLive(client, gateway);

  const guild = g(1, 7);
  const events = [
    world.write(guild, 'welcome', { config: { message: 'one' } }),
    world.write(guild, 'welcome', { config: { message: 'two' } }),
    world.write(guild, 'welcome', { disable: true }),
  ];
  events.forEach((event) => gateway.sendEvent(event));
  await until('three events applied', () => applied.length === 3);
  await until('three hooks called', () => calls.length === 3);
  assert.deepEqual(calls, [['enable', 'welcome', guild, { message: 'one' }], ['update', 'welcome', guild, { message: 'two' }],
    ['disable', 'welcome', guild]]);
  assert.deepEqual(applied, events.map((event) => event.revision));
  assert.equal(client.stats().replays, 0);
  assertConverged(client, world);
});

test('out-of-order delivery: a later event first is a hole, filled by a replay; the early one arriving late and a duplicate are ignored', async () => {
  const { world, gateway, calls, module, makeClient } = await setup();
  const client = makeClient();
  client.register(module('welcome'));
  await startLive(client, gateway);

  const guild = g(0, 3);
  const first = world.write(guild, 'welcome', { config: { message: 'first' } });
  const second = world.write(guild, 'welcome', { config: { message: 'second' } });
  gateway.sendEvent(second); // prev = first.revision > A: a hole
  await until('the replay of the hole', () => gateway.replays.length === 1);
  assert.equal(gateway.replays[0].after, first.revision - 1);
  await until('both applied', () => client.getConfig('welcome', guild)?.message === 'second');
  gateway.sendEvent(first); // late
  gateway.sendEvent(second); // duplicate
  gateway.sendProgressAll(SHARDS);
  await until('the progress applied', () => client.state().revision === world.head);
  await until('two hooks', () => calls.length === 2);
  assert.deepEqual(calls.map(([kind, , , config]) => `${kind} ${config.message}`), ['enable first', 'update second']);
  const stats = client.stats();
  assert.equal(stats.outOfOrder, 0);
  assert.equal(stats.applied, 2);
  assert.equal(stats.gapsDetected, 1);
  assert.equal(client.getConfig('welcome', guild).message, 'second');
  assertConverged(client, world);
});

test('a stale version (not newer than the one held) is ignored, and A still moves on', async () => {
  const { world, gateway, calls, module, makeClient } = await setup();
  const guild = g(1, 4);
  world.write(guild, 'welcome', { config: { message: 'v1' } });
  world.write(guild, 'welcome', { config: { message: 'v2' } });
  const client = makeClient();
  client.register(module('welcome'));
  await startLive(client, gateway);
  calls.length = 0;
  // An old version under a new revision (as a resumed snapshot newer than its header can meet).
  world.head++;
  gateway.sendEvent({ revision: world.head, guildId: guild, moduleId: 'welcome', action: 'updated', version: 1,
    config: { message: 'v1 again' } }, world.lastOfShard(1, 4));
  await until('A moved to the stale event', () => client.state().revisions[1] === world.head);
  assert.equal(client.getConfig('welcome', guild).message, 'v2');
  assert.equal(client.stats().staleIgnored, 1);
  assert.deepEqual(calls, []);
});

test('a lost last event is revealed by the next progress message and replayed', async () => {
  const { world, gateway, makeClient } = await setup();
  const client = makeClient();
  await startLive(client, gateway);
  const guild = g(1, 9);
  gateway.sendEvent(world.write(guild, 'welcome', { config: { message: 'delivered' } }));
  world.write(guild, 'welcome', { config: { message: 'lost' } }); // never sent
  await until('the first applied', () => client.getConfig('welcome', guild)?.message === 'delivered');
  gateway.sendProgressAll(SHARDS);
  await until('the lost one replayed', () => client.getConfig('welcome', guild)?.message === 'lost');
  assert.equal(gateway.replays.length, 1);
  assertConverged(client, world);
});

test('a long hole is filled page by page', async () => {
  const { world, gateway, makeClient } = await setup({ clientOptions: { replayPageSize: 10 } });
  const client = makeClient();
  await startLive(client, gateway);
  for (let i = 0; i < 45; i++) {
    world.write(g(i % 2, 100 + i), 'welcome');
  }
  gateway.sendProgressAll(SHARDS);
  await until('the hole filled', () => client.state().revision === world.head);
  assert.equal(gateway.replays.length, 5);
  assertConverged(client, world);
});

test('410 during a fill: the replay answers gone, the client reloads everything and calls the hooks for the difference', async () => {
  const { world, gateway, calls, module, makeClient } = await setup();
  const kept = g(0, 20);
  const changed = g(1, 21);
  const deleted = g(0, 22);
  [kept, changed, deleted].forEach((guild) => world.write(guild, 'welcome', { config: { message: `old ${guild}` } }));
  const client = makeClient();
  client.register(module('welcome'));
  const reloads = [];
  client.on('reload', (event) => reloads.push(event));
  await startLive(client, gateway);
  calls.length = 0;

  world.write(changed, 'welcome', { config: { message: 'new' } });
  world.write(deleted, 'welcome', { disable: true });
  const added = g(1, 23);
  world.write(added, 'welcome', { config: { message: 'added' } });
  world.retainedAfter = world.head; // everything the client missed is compacted away
  gateway.sendProgressAll(SHARDS);
  await until('the reload', () => reloads.length === 2);
  assert.equal(reloads[1].initial, false);
  await until('three hooks', () => calls.length === 3);
  assert.deepEqual(calls.map(([kind, , guild]) => `${kind} ${guild}`).sort(),
    [`update ${changed}`, `disable ${deleted}`, `enable ${added}`].sort());
  assert.deepEqual(gateway.replays.map((replay) => replay.after), [reloads[0].revision]);
  assert.equal(client.stats().fullReloads, 2);
  assertConverged(client, world);
  gateway.sendProgressAll(SHARDS);
  await until('A at the head', () => client.state().revision === world.head);
});

test('a lost gateway: the client moves to the next one, replays what it missed there, and does not reload', async () => {
  const { world, gateways, makeClient } = await setup({ gatewayCount: 2 });
  const client = makeClient({ reconnectDelayMinMs: 20 });
  const connected = [];
  client.on('connected', (event) => connected.push(event));
  await startLive(client, gateways[0]);
  const guild = g(0, 30);
  gateways[0].sendEvent(world.write(guild, 'welcome', { config: { message: 'before' } }));
  await until('applied', () => client.getConfig('welcome', guild)?.message === 'before');

  await gateways[0].kill();
  world.write(guild, 'welcome', { config: { message: 'while away' } });
  world.write(g(1, 31), 'welcome');
  await until('registered on the second gateway', () => gateways[1].registeredCount() >= SHARDS.length);
  gateways[1].sendProgressAll(SHARDS);
  await until('caught up', () => client.getConfig('welcome', guild)?.message === 'while away'
    && client.state().revision === world.head);
  assert.deepEqual(connected.map((event) => [event.url, event.reconnect]),
    [[gateways[0].url, false], [gateways[1].url, true]]);
  const stats = client.stats();
  assert.equal(stats.reconnects, 1);
  assert.equal(stats.fullReloads, 1);
  assert.equal(stats.gateway, gateways[1].url);
  assertConverged(client, world);
  await until('an ack on the new gateway', () => gateways[1].acks.some((ack) => ack.revision === world.head));
});

test('silence: a gateway that stops sending (not even progress) is left for the next one', async () => {
  const { gateways, makeClient } = await setup({ gatewayCount: 2 });
  const client = makeClient({ silenceLimitMs: 300, reconnectDelayMinMs: 20 });
  await startLive(client, gateways[0]);
  await until('moved to the second gateway', () => gateways[1].registeredCount() >= SHARDS.length);
  // (>= : the second gateway is silent too, so the client may already be moving on)
  assert.ok(client.stats().reconnects >= 1);
});

test('acks every interval carry A, and a hook that throws or says it cannot act is reported as that config\'s error', async () => {
  const { world, gateway, makeClient } = await setup();
  const client = makeClient();
  const moduleErrors = [];
  client.on('moduleError', (event) => moduleErrors.push(event));
  client.register({
    id: 'welcome',
    async onEnable(guildId, config) {
      if (config.message === 'throw') {
        throw new Error('the welcome channel does not exist');
      }
      if (config.message === 'cannot') {
        return { ok: false, error: 'missing permission to post' };
      }
      return undefined;
    },
  });
  await startLive(client, gateway);
  const throwing = world.write(g(0, 40), 'welcome', { config: { message: 'throw' } });
  const cannot = world.write(g(1, 41), 'welcome', { config: { message: 'cannot' } });
  const fine = world.write(g(0, 42), 'welcome', { config: { message: 'fine' } });
  [throwing, cannot, fine].forEach((event) => gateway.sendEvent(event));

  const statuses = await until('the three statuses acked', () => {
    const all = gateway.acks.flatMap((ack) => ack.statuses);
    return all.length >= 3 ? all : null;
  });
  assert.deepEqual(statuses.map((s) => [s.guildId, s.version, s.ok, s.error]).sort(), [
    [throwing.guildId, 1, false, 'the welcome channel does not exist'],
    [cannot.guildId, 1, false, 'missing permission to post'],
    [fine.guildId, 1, true, undefined],
  ].sort());
  assert.equal(moduleErrors.length, 2);
  gateway.sendProgressAll(SHARDS); // A of both shards at the head
  await until('an ack at the head', () => gateway.acks.some((ack) => ack.revision === world.head));
  assert.ok(gateway.acks.every((ack, i) => i === 0 || ack.revision >= gateway.acks[i - 1].revision), 'acks never go back');
});

test('an ack waits for a slow hook: the revision is acked only once its status is known', async () => {
  const { world, gateway, makeClient } = await setup();
  const client = makeClient();
  let release;
  const slow = new Promise((resolve) => { release = resolve; });
  client.register({ id: 'welcome', onEnable: () => slow });
  await startLive(client, gateway);
  const event = world.write(g(0, 50), 'welcome');
  gateway.sendEvent(event);
  gateway.sendProgressAll(SHARDS);
  await until('applied', () => client.state().revision === event.revision);
  const acksBefore = gateway.acks.length;
  await until('some acks while the hook runs', () => gateway.acks.length >= acksBefore + 3);
  assert.ok(gateway.acks.every((ack) => ack.revision < event.revision));
  release();
  await until('acked with its status', () => gateway.acks.some((ack) => ack.revision === event.revision));
  assert.ok(gateway.acks.flatMap((ack) => ack.statuses).some((s) => s.guildId === event.guildId && s.ok));
});

test('a restart on the state file resumes from its revision with a replay, not a reload; hooks get onEnable again', async () => {
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'configsync-sdk-')), 'bot.state');
  const { world, gateway, calls, module, makeClient } = await setup({ clientOptions: { stateFile } });
  for (let i = 0; i < 20; i++) {
    world.write(g(i % 2, 60 + i), 'welcome', { config: { message: `m${i}` } });
  }
  const first = makeClient();
  await startLive(first, gateway);
  await first.stop();
  assert.ok(fs.existsSync(stateFile));
  await until('the first client\'s socket closed', () => gateway.sockets.size === 0);
  const away = world.write(g(1, 60), 'welcome', { config: { message: 'while stopped' } });

  const again = makeClient();
  again.register(module('welcome'));
  const resumed = [];
  again.on('resumed', (event) => resumed.push(event));
  const started = again.start();
  await until('registered again', () => gateway.registeredCount() >= SHARDS.length);
  gateway.sendProgressAll(SHARDS); // reveals the change made while it was stopped
  await until('the replay answered', () => again.state().revision === world.head);
  gateway.sendProgressAll(SHARDS); // follows on: live
  await started;
  await until('the change made while stopped', () => again.getConfig('welcome', away.guildId)?.message === 'while stopped');
  const stats = again.stats();
  assert.equal(stats.resumes, 1);
  assert.equal(stats.fullReloads, 0);
  assert.equal(stats.replays, 1);
  assert.equal(resumed[0].count, 20);
  await until('20 hooks', () => calls.length >= 20);
  assertConverged(again, world);
});

test('a state file of other shards or an unreadable one means a full reload', async () => {
  const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'configsync-sdk-')), 'bot.state');
  const { world, gateway, makeClient } = await setup({ clientOptions: { stateFile } });
  world.write(g(0, 70), 'welcome');
  fs.writeFileSync(stateFile, 'not json\n');
  const errors = [];
  const client = makeClient();
  client.on('error', (error) => errors.push(error));
  await startLive(client, gateway);
  assert.equal(client.stats().fullReloads, 1);
  assert.equal(errors[0].code, 'STATE_FILE');
  assertConverged(client, world);
});

test('propose() resolves with the reply (applied or conflict) and rejects with ProposalError on a failure', async () => {
  const { gateway, makeClient } = await setup();
  const client = makeClient();
  await startLive(client, gateway);
  const current = { guildId: g(0, 80), moduleId: 'welcome', enabled: true, version: 4, config: { message: 'x' } };
  gateway.onProposal = (body) => (body.baseVersion === 4 ? { reply: { ok: true, changed: true, state: { ...current, version: 5 } } }
    : body.baseVersion === 3 ? { reply: { ok: false, code: 'VERSION_CONFLICT', message: 'stale', current, currentVersion: 4 } }
      : { fail: { code: 422, message: 'schema violation at /message' } });
  const ok = await client.propose({ guildId: g(0, 80), moduleId: 'welcome', baseVersion: 4, config: { message: 'y' } });
  assert.equal(ok.ok, true);
  assert.equal(ok.state.version, 5);
  const conflict = await client.propose({ guildId: g(0, 80), moduleId: 'welcome', baseVersion: 3, config: { message: 'y' } });
  assert.equal(conflict.ok, false);
  assert.equal(conflict.code, 'VERSION_CONFLICT');
  assert.equal(conflict.currentVersion, 4);
  await assert.rejects(client.propose({ guildId: g(0, 80), moduleId: 'welcome', baseVersion: 9, config: {} }),
    (error) => error instanceof ProposalError && error.status === 422 && /schema/.test(error.message));
  assert.deepEqual(gateway.proposals[0], { guildId: g(0, 80), moduleId: 'welcome', baseVersion: 4, config: { message: 'y' } });
});

test('bad options and bad modules are refused with INVALID_OPTIONS / INVALID_MODULE; a wrong token fails start() with UNAUTHORIZED', async () => {
  const base = { gateways: ['http://127.0.0.1:1'], backendUrl: 'http://127.0.0.1:1', ...BOT };
  for (const options of [{ ...base, shards: '4/4' }, { ...base, shards: 'all' }, { ...base, gateways: [] },
    { ...base, token: '' }, { ...base, botId: undefined }, { ...base, ackIntervalMs: 0 }]) {
    assert.throws(() => new ConfigSyncClient(options), (error) => error instanceof ConfigSyncError
      && error.code === 'INVALID_OPTIONS', JSON.stringify(options));
  }
  const client = new ConfigSyncClient(base);
  assert.throws(() => client.register({ id: '' }), { code: 'INVALID_MODULE' });
  assert.throws(() => client.register({ id: 'welcome', onEnable: 'no' }), { code: 'INVALID_MODULE' });
  client.register({ id: 'welcome' });
  assert.throws(() => client.register({ id: 'welcome' }), { code: 'INVALID_MODULE' });

  const { gateway, makeClient } = await setup();
  const wrong = makeClient({ token: 'wrong' });
  await assert.rejects(wrong.start(), { code: 'UNAUTHORIZED' });
  assert.equal(gateway.registeredCount(), 0);
});

test('a bad bridge token: the gateway refuses the register and the client reports a BRIDGE error', async () => {
  const world = new World();
  const backend = await startBackend(world, { token: BOT.token });
  cleanups.push(backend.close);
  const gateway = await new ScriptedGateway(world, { botId: BOT.botId, token: 'other' }).start();
  cleanups.push(() => gateway.kill());
  const client = new ConfigSyncClient({ gateways: [gateway.url], backendUrl: backend.url, ...BOT, shards: SPEC });
  cleanups.push(() => client.stop());
  const errors = [];
  client.on('error', (error) => errors.push(error));
  client.start().catch(() => {});
  await until('a bridge error', () => errors.some((error) => error.code === 'BRIDGE'));
  assert.equal(gateway.registeredCount(), 0);
});

test('the ESM entry exports the same classes as the CommonJS one', async () => {
  const esm = await import('@configsync/bot-client');
  const cjs = require('@configsync/bot-client');
  assert.equal(esm.ConfigSyncClient, cjs.ConfigSyncClient);
  assert.equal(esm.ProposalError, ProposalError);
  assert.equal(esm.default.shardOf('81384788765712384', 4), 2);
  assert.deepEqual(esm.parseShards('3, 0-1/4'), { count: 4, shards: [0, 1, 3], spec: '0,1,3/4' });
});
