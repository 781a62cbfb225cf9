'use strict';

const { ConfigSyncClient } = require('./client');
const { ConfigSyncError, ProposalError } = require('./errors');
const { parseShards, shardOf } = require('./shards');

module.exports = { ConfigSyncClient, ConfigSyncError, ProposalError, parseShards, shardOf };
