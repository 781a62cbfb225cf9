// ESM entry: the same classes as the CommonJS one (one implementation, so instanceof works across both).
import sdk from './index.js';

export const { ConfigSyncClient, ConfigSyncError, ProposalError, parseShards, shardOf } = sdk;
export default sdk;
