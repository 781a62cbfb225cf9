// The ESM entry has the same names.
import { ConfigSyncClient, shardOf, parseShards } from '@configsync/bot-client';

const client = new ConfigSyncClient({ gateways: 'http://127.0.0.1:8080', backendUrl: ['http://127.0.0.1:8080'], botId: 'b', token: 't' });
const shard: number = shardOf('81384788765712384', parseShards('0,1/4').count);
client.on('connected', ({ url, reconnect }) => console.log(url, reconnect, shard));
await client.start();
