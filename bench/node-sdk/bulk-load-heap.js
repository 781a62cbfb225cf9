'use strict';

// How much heap @configsync/bot-client needs to bulk-load N configs (default 200,000).
//
//   cd clients/node && npm ci && cd ../..
//   node --expose-gc --max-old-space-size=256 bench/node-sdk/bulk-load-heap.js [configs] [--with-module]
//
// A child process plays the backend and the gateway: it streams the NDJSON bulk load of `configs`
// welcome configs (generated line by line, never held) and sends the progress messages that make the
// client live. This process only runs the client and samples its heap every 20 ms from start() until
// it resolves, then reports the peak, what is retained once garbage-collected (what the client holds),
// and the size of the body it parsed. --max-old-space-size makes the bound a hard one: a client
// that buffered the body, or more, would die of it.
//
// Against a real ConfigSync instead (loaded with configs beforehand; `configs` is then only checked
// against what was loaded): CONFIGSYNC_URL=http://127.0.0.1:8080 BOT_ID=.. BOT_TOKEN=.. node ... N

const { fork } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

const SDK = path.resolve(__dirname, '../../clients/node');
const CONFIGS = Number(process.argv[2] || 200000);
// --with-module: a registered welcome module whose async onEnable runs for every config loaded.
const WITH_MODULE = process.argv.includes('--with-module');
const SHARDS = '0/1';

if (process.argv.includes('--serve')) {
  serve(Number(process.argv[3]));
} else {
  measure().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

function configOf(i) {
  return { channelId: '81384788765712390', message: `Welcome {user.mention} to guild number ${i}! Read the rules first.` };
}

function guildOf(i) {
  return (810000000000000000n + BigInt(i) * 4194304n + BigInt(i % 4194304)).toString();
}

/** The child: backend (module list, NDJSON bulk load) and a gateway on one port. */
async function serve(configs) {
  const { World, ScriptedGateway } = require(path.join(SDK, 'test/support/scripted'));
  const world = new World(['welcome']);
  world.head = configs; // the load is "at revision N"; no events after it
  const gateway = new ScriptedGateway(world, { botId: 'bench', token: 'bench-token', count: 1 });
  await gateway.start();
  let bodyBytes = 0;
  gateway.server.on('request', (request, response) => {
    if (request.url === '/api/modules') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ modules: [{ id: 'welcome' }] }));
    } else if (request.url.startsWith('/api/modules/enabled/welcome')) {
      response.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      let i = 0;
      const write = () => {
        let ok = true;
        if (i === 0) {
          ok = response.write(`${JSON.stringify({ revision: configs, moduleId: 'welcome' })}\n`);
        }
        while (ok && i < configs) {
          let chunk = '';
          for (let end = Math.min(configs, i + 500); i < end; i++) {
            chunk += `${JSON.stringify({ guildId: guildOf(i), version: 1, config: configOf(i) })}\n`;
          }
          bodyBytes += Buffer.byteLength(chunk);
          ok = response.write(chunk);
        }
        if (i < configs) {
          response.once('drain', write);
        } else {
          response.end();
          process.send({ bodyBytes });
        }
      };
      write();
    }
  });
  setInterval(() => gateway.sendProgress(0), 1000);
  process.send({ port: gateway.server.address().port });
}

async function measure() {
  const { ConfigSyncClient } = require(SDK);
  const real = process.env.CONFIGSYNC_URL;
  const messages = [];
  let child = null;
  let base = real;
  if (!real) {
    child = fork(__filename, ['--serve', String(CONFIGS)], { stdio: 'inherit' });
    const { port } = await new Promise((resolve) => child.once('message', resolve));
    child.on('message', (message) => messages.push(message));
    base = `http://127.0.0.1:${port}`;
  }

  const baseline = heapAfterGc();
  let peakHeap = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  }, 20);
  const client = new ConfigSyncClient({
    gateways: [`${base}/eventbus`], backendUrl: base, botId: real ? process.env.BOT_ID : 'bench',
    token: real ? process.env.BOT_TOKEN : 'bench-token', shards: SHARDS,
  });
  let enabledCalls = 0;
  if (WITH_MODULE) {
    client.register({ id: 'welcome', async onEnable() { enabledCalls++; } });
  }
  const started = process.hrtime.bigint();
  await client.start();
  const millis = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(sampler);
  const state = client.state();
  const retained = heapAfterGc();
  await client.stop();
  if (child) {
    child.kill();
  }

  const mib = (bytes) => (bytes / 1048576).toFixed(1);
  const bodyBytes = messages.find((m) => m.bodyBytes)?.bodyBytes ?? 0;
  const limit = require('node:v8').getHeapStatistics().heap_size_limit;
  if (state.count < CONFIGS) {
    throw new Error(`loaded ${state.count} configs, expected ${CONFIGS}`);
  }
  const report = {
    configs: state.count,
    loadMs: Math.round(millis),
    ndjsonBodyMiB: Number(mib(bodyBytes)),
    heapBaselineMiB: Number(mib(baseline)),
    peakHeapUsedMiB: Number(mib(peakHeap)),
    retainedHeapMiB: Number(mib(retained)),
    retainedBytesPerConfig: Math.round((retained - baseline) / CONFIGS),
    peakRssMiB: Number(mib(peakRss)),
    heapLimitMiB: Number(mib(limit)),
    onEnableCalls: enabledCalls,
    node: process.version,
  };
  console.log(JSON.stringify(report));
  console.log(`bulk load of ${report.configs} configs (${report.ndjsonBodyMiB} MiB of NDJSON) in ${report.loadMs} ms: `
    + `peak heap ${report.peakHeapUsedMiB} MiB, ${report.retainedHeapMiB} MiB retained after GC `
    + `(${report.retainedBytesPerConfig} bytes per config held), peak RSS ${report.peakRssMiB} MiB, `
    + `heap limit ${report.heapLimitMiB} MiB`);
}

function heapAfterGc() {
  if (global.gc) {
    global.gc();
    global.gc();
  }
  return process.memoryUsage().heapUsed;
}
