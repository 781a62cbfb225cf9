'use strict';

const { ConfigSyncError } = require('./errors');

/**
 * "0,1/4" = shards 0 and 1 of 4; ranges too ("0-3/8"), as the gateway accepts them.
 * @returns {{count: number, shards: number[], spec: string}}
 */
function parseShards(spec) {
  const match = /^([0-9,\s-]+)\/(\d+)$/.exec(String(spec).trim());
  if (!match) {
    throw new ConfigSyncError('INVALID_OPTIONS', `shards must look like 0,1/4 (shards 0 and 1 of 4), got '${spec}'`);
  }
  const count = Number(match[2]);
  if (!Number.isInteger(count) || count < 1) {
    throw new ConfigSyncError('INVALID_OPTIONS', `shards: the shard count must be at least 1, got '${spec}'`);
  }
  const shards = new Set();
  for (const part of match[1].split(',')) {
    const [from, to = from] = part.trim().split('-').map((s) => (s.trim() === '' ? NaN : Number(s)));
    if (!Number.isInteger(from) || !Number.isInteger(to) || from > to || to >= count) {
      throw new ConfigSyncError('INVALID_OPTIONS', `shards: '${part}' is not a shard (or range) within 0..${count - 1}`);
    }
    for (let shard = from; shard <= to; shard++) {
      shards.add(shard);
    }
  }
  const sorted = [...shards].sort((a, b) => a - b);
  return { count, shards: sorted, spec: `${sorted.join(',')}/${count}` };
}

/** Discord's formula, (guildId >> 22) % count. Snowflakes exceed 2^53: BigInt, never Number. */
function shardOf(guildId, count) {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

module.exports = { parseShards, shardOf };
