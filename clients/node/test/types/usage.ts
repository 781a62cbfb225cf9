// Compiled by `npm run typecheck` (tsc --noEmit --strict): the API as a TypeScript bot uses it.
import { ConfigSyncClient, ConfigSyncError, ProposalError, type BotModule, type HookResult } from '@configsync/bot-client';

interface WelcomeConfig {
  [field: string]: unknown;
  channelId: string;
  message: string;
}

const client = new ConfigSyncClient({
  gateways: ['http://127.0.0.1:8080/eventbus'],
  backendUrl: 'http://127.0.0.1:8080',
  botId: 'bot-a',
  token: process.env.BOT_TOKEN ?? '',
  shards: '0,1/4',
  stateFile: './data/bot-a.state',
  logger: console,
});

const channels = new Set<string>();
const welcome: BotModule<WelcomeConfig> = {
  id: 'welcome',
  async onEnable(guildId: string, config: WelcomeConfig): Promise<HookResult | void> {
    if (!channels.has(config.channelId)) {
      return { ok: false, error: `channel ${config.channelId} does not exist in guild ${guildId}` };
    }
  },
  onDisable(guildId: string): void {
    channels.delete(guildId);
  },
  async onConfigUpdate(_guildId: string, config: WelcomeConfig): Promise<void> {
    if (config.message.length === 0) {
      throw new Error('empty message');
    }
  },
};
client.register(welcome);

client.on('applied', (event) => {
  const revision: number = event.revision;
  const via: 'stream' | 'replay' = event.via;
  console.log(revision, via, event.guildId, event.config);
});
client.on('reload', ({ reason, count }) => console.log(reason, count));
client.on('error', (error) => {
  const code: string = error.code;
  console.warn(code, error.message);
});

async function main(): Promise<void> {
  await client.start();
  const config = client.getConfig<WelcomeConfig>('welcome', '81384788765712384');
  const channel: string | undefined = config?.channelId;
  const { revision, digest, count } = client.state();
  console.log(channel, revision, digest.toUpperCase(), count + 1, client.stats().replays);
  try {
    const reply = await client.propose({
      guildId: '81384788765712384', moduleId: 'welcome', baseVersion: 3,
      config: { channelId: '81384788765712390', message: 'Hi {user}' },
    });
    if (reply.ok) {
      console.log(reply.state.version, reply.changed);
    } else {
      console.log(reply.code, reply.currentVersion, reply.current?.config);
    }
    await client.propose({ guildId: '81384788765712384', moduleId: 'welcome', baseVersion: 4, enabled: false });
  } catch (error) {
    if (error instanceof ProposalError) {
      const status: number | null = error.status;
      console.log(status);
    } else if (error instanceof ConfigSyncError) {
      console.log(error.code);
    }
  }
  await client.stop();
}

main().catch(console.error);
