'use strict';

/** Every error the client raises or emits: `code` says which kind (see README.md, "Errors"). */
class ConfigSyncError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = 'ConfigSyncError';
    this.code = code;
    if (details !== undefined) {
      this.details = details;
    }
  }
}

/** A proposal the backend refused (not a conflict: that is a reply). `status` is its HTTP-like code. */
class ProposalError extends ConfigSyncError {
  constructor(status, message) {
    super('PROPOSAL_REFUSED', message);
    this.name = 'ProposalError';
    this.status = status;
  }
}

module.exports = { ConfigSyncError, ProposalError };
