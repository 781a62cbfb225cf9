// Types of @configsync/bot-client (the implementation is the JavaScript next to this file).

import { EventEmitter } from 'node:events';

/** A module config: the JSON object the module's schema describes. */
export type ModuleConfig = { [field: string]: unknown };

/** What a hook may return to say that its module cannot act, without throwing. */
export interface HookResult {
  ok: false;
  /** Shown to the admin in the status endpoint and the dashboard's receipt. */
  error: string;
}

/** The seed's module interface. Every hook is optional and may be async. */
export interface BotModule<C extends ModuleConfig = ModuleConfig> {
  /** The ConfigSync module id, e.g. "welcome". */
  id: string;
  /** The module gets a config in a guild where it had none, or was disabled. */
  onEnable?(guildId: string, config: C): void | HookResult | Promise<void | HookResult>;
  /** The module's config was disabled or deleted in the guild. */
  onDisable?(guildId: string): void | HookResult | Promise<void | HookResult>;
  /** A new version of an enabled config. Without it, onEnable is called instead. */
  onConfigUpdate?(guildId: string, config: C): void | HookResult | Promise<void | HookResult>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface ConfigSyncClientOptions {
  /** Gateway bridge URLs, preferred first; `/eventbus` is appended when missing. */
  gateways: string[] | string;
  /** Backend base URL(s) for the bulk load, tried in turn. */
  backendUrl: string | string[];
  /** One `botId:token` entry of the gateways' CONFIGSYNC_BOT_TOKENS. */
  botId: string;
  token: string;
  /** "0,1/4" = shards 0 and 1 of 4; ranges "0-3/8". Default "0/1" (every guild). */
  shards?: string;
  /** Where to remember what is held across restarts (NDJSON, written atomically). */
  stateFile?: string | null;
  /** Default: silent for info, nothing for warn. Pass `console` to see everything. */
  logger?: Logger;
  ackIntervalMs?: number;
  silenceLimitMs?: number;
  replayPageSize?: number;
  replayTimeoutMs?: number;
  proposalTimeoutMs?: number;
  reconnectDelayMinMs?: number;
  reconnectDelayMaxMs?: number;
  stateFileIntervalMs?: number;
  requestTimeoutMs?: number;
}

export interface ClientState {
  /** "0,1/4" */
  shards: string;
  /** The smallest A of the shards: everything up to it is held (null before the first load). */
  revision: number | null;
  /** A per shard. */
  revisions: { [shard: string]: number | null };
  /** Lowercase hex SHA-256, the same as GET /api/state/digest?shards=.. */
  digest: string;
  /** Enabled configs held. */
  count: number;
}

export interface ClientStats {
  applied: number;
  staleIgnored: number;
  gapsDetected: number;
  replays: number;
  eventsReplayed: number;
  reconnects: number;
  fullReloads: number;
  resumes: number;
  outOfOrder: number;
  moduleFailures: number;
  connected: boolean;
  gateway: string | null;
}

export interface ModuleState {
  guildId: string;
  moduleId: string;
  enabled: boolean;
  version: number;
  config: ModuleConfig | null;
  updatedAt: string;
  revision: number;
}

export type Proposal =
  | { guildId: string; moduleId: string; baseVersion: number; config: ModuleConfig }
  | { guildId: string; moduleId: string; baseVersion: number; enabled: boolean };

export type ProposalReply =
  | { ok: true; changed: boolean; state: ModuleState }
  | { ok: false; code: 'VERSION_CONFLICT'; message: string; current: ModuleState | null; currentVersion: number };

export interface AppliedEvent {
  revision: number;
  guildId: string;
  moduleId: string;
  action: string;
  version: number;
  enabled: boolean;
  config: ModuleConfig | null;
  shard: number;
  via: 'stream' | 'replay';
}

export interface ReloadEvent { reason: string; initial: boolean; count: number; revision: number }
export interface ResumedEvent { stateFile: string; count: number; revision: number }
export interface ConnectedEvent { url: string; reconnect: boolean }
export interface DisconnectedEvent { url: string; reason: string }
export interface ReplayEvent { after: number; events: number; through: number; head: number }
export interface ModuleErrorEvent { guildId: string; moduleId: string; version: number; error: string }

export interface ClientEvents {
  applied: [AppliedEvent];
  reload: [ReloadEvent];
  resumed: [ResumedEvent];
  connected: [ConnectedEvent];
  disconnected: [DisconnectedEvent];
  replay: [ReplayEvent];
  moduleError: [ModuleErrorEvent];
  error: [ConfigSyncError];
}

export type ErrorCode =
  | 'INVALID_OPTIONS' | 'INVALID_MODULE' | 'ALREADY_STARTED' | 'STOPPED' | 'UNAUTHORIZED' | 'BACKEND'
  | 'BACKEND_UNREACHABLE' | 'BRIDGE' | 'REPLAY' | 'STATE_FILE' | 'NOT_CONNECTED' | 'TIMEOUT' | 'PROPOSAL_REFUSED';

export class ConfigSyncError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown);
}

export class ProposalError extends ConfigSyncError {
  readonly code: 'PROPOSAL_REFUSED';
  /** 400, 403, 404, 413, 422 or 503, as README.md's "Bot proposals" table says; null if the bridge gave none. */
  readonly status: number | null;
  constructor(status: number | null, message: string);
}

export class ConfigSyncClient extends EventEmitter<ClientEvents> {
  constructor(options: ConfigSyncClientOptions);
  register<C extends ModuleConfig = ModuleConfig>(module: BotModule<C>): this;
  start(): Promise<void>;
  stop(): Promise<void>;
  getConfig<C extends ModuleConfig = ModuleConfig>(moduleId: string, guildId: string): C | null;
  state(): ClientState;
  stats(): ClientStats;
  propose(proposal: Proposal): Promise<ProposalReply>;
}

export function parseShards(spec: string): { count: number; shards: number[]; spec: string };
export function shardOf(guildId: string, count: number): number;
