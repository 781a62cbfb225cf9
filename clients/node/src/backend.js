'use strict';

const http = require('node:http');
const https = require('node:https');
const readline = require('node:readline');
const { ConfigSyncError } = require('./errors');

const NDJSON = 'application/x-ndjson';

/** The backend's HTTP API as a bot uses it: the module list and the streamed bulk load. */
class Backend {
  constructor(urls, token, timeoutMs) {
    this.urls = urls;
    this.token = token;
    this.timeoutMs = timeoutMs;
  }

  /** The ids of every module the backend knows (the digest covers them all). */
  async moduleIds() {
    const response = await this.request('/api/modules', 'application/json');
    const body = await response.json();
    return body.modules.map((module) => module.id);
  }

  /**
   * Streams the enabled configs of one module in the given shards: `onItem({guildId, version, config})`
   * for each, line by line, so that only the current line is held besides what the caller keeps.
   * @returns {Promise<number>} the revision the load was read at
   */
  async bulkLoad(moduleId, shardSpec, onItem) {
    const path = `/api/modules/enabled/${encodeURIComponent(moduleId)}?shards=${encodeURIComponent(shardSpec)}`;
    const response = await this.stream(path);
    const type = response.headers['content-type'] || '';
    if (!type.startsWith(NDJSON)) {
      // A backend from before the NDJSON variant: the JSON body, buffered.
      const chunks = [];
      for await (const chunk of response) {
        chunks.push(chunk);
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      body.items.forEach(onItem);
      return body.revision;
    }
    const lines = readline.createInterface({ input: response, crlfDelay: Infinity });
    let revision = null;
    for await (const line of lines) {
      if (line === '') {
        continue;
      }
      const json = JSON.parse(line);
      if (revision === null) {
        revision = json.revision;
      } else {
        onItem(json);
      }
    }
    if (!response.complete) {
      throw new ConfigSyncError('BACKEND', `GET ${path}: the answer was cut off`);
    }
    if (revision === null) {
      throw new ConfigSyncError('BACKEND', `GET ${path}: the answer has no header line`);
    }
    return revision;
  }

  /**
   * The bulk load's answer as a Node stream, from the first backend that answers. node:http rather
   * than fetch: the backend sends one HTTP chunk per config, and fetch's web streams cost ~80 µs per
   * chunk (16 s for 200,000 configs here, against 2 s).
   */
  async stream(path) {
    let lastError;
    for (const base of this.urls) {
      const url = new URL(base + path);
      let response;
      try {
        response = await new Promise((resolve, reject) => {
          const request = (url.protocol === 'https:' ? https : http).get(url, {
            headers: { Authorization: `Bearer ${this.token}`, Accept: NDJSON },
            timeout: this.timeoutMs,
          }, resolve);
          request.on('timeout', () => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
          request.on('error', reject);
        });
      } catch (error) {
        lastError = new ConfigSyncError('BACKEND_UNREACHABLE', `GET ${base}${path}: ${error.message}`);
        continue;
      }
      // The time limit was for the answer to start: a million configs may take longer to stream.
      response.socket.setTimeout(0);
      if (response.statusCode === 200) {
        return response;
      }
      const chunks = [];
      for await (const chunk of response) {
        chunks.push(chunk);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (response.statusCode === 401 || response.statusCode === 403) {
        throw new ConfigSyncError('UNAUTHORIZED', `GET ${base}${path}: ${response.statusCode} ${text}`);
      }
      lastError = new ConfigSyncError('BACKEND', `GET ${base}${path}: ${response.statusCode} ${text}`);
    }
    throw lastError;
  }

  /** GET on the first backend that answers; 401/403 are not retried on the others (the token is wrong). */
  async request(path, accept) {
    let lastError;
    for (const base of this.urls) {
      let response;
      // A time limit on the answer's headers only: a million configs may take longer to stream.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      try {
        response = await fetch(base + path, {
          headers: { Authorization: `Bearer ${this.token}`, Accept: accept },
          signal: abort.signal,
        });
      } catch (error) {
        lastError = new ConfigSyncError('BACKEND_UNREACHABLE', `GET ${base}${path}: ${error.message}`);
        continue;
      } finally {
        clearTimeout(timer);
      }
      if (response.ok) {
        return response;
      }
      const text = await response.text().catch(() => '');
      if (response.status === 401 || response.status === 403) {
        throw new ConfigSyncError('UNAUTHORIZED', `GET ${base}${path}: ${response.status} ${text}`);
      }
      lastError = new ConfigSyncError('BACKEND', `GET ${base}${path}: ${response.status} ${text}`);
    }
    throw lastError;
  }
}

module.exports = { Backend };
