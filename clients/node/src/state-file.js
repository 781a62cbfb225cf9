'use strict';

// What a bot holds, remembered across its own restarts, as NDJSON: a header line, then one line per
// config held, so that neither writing nor reading a million configs builds one huge string.

const fs = require('node:fs');
const readline = require('node:readline');

const FORMAT = 2;
const LINES_PER_WRITE = 1000;

/**
 * Writes the snapshot beside `path` and renames it over: a crash mid-write leaves the previous file
 * whole. `entries` may change while this runs; every entry written is then at least as new as the
 * header says, which a resumed bot handles like any stale event (it keeps the newer version).
 */
async function writeStateFile(path, header, entries) {
  const temporary = `${path}.tmp`;
  const file = await fs.promises.open(temporary, 'w');
  try {
    await file.write(`${JSON.stringify({ format: FORMAT, ...header })}\n`);
    let batch = [];
    for (const entry of entries) {
      batch.push(JSON.stringify({
        guildId: entry.guildId, moduleId: entry.moduleId, version: entry.version, enabled: entry.enabled,
        config: entry.config,
      }));
      if (batch.length === LINES_PER_WRITE) {
        await file.write(`${batch.join('\n')}\n`);
        batch = [];
      }
    }
    if (batch.length > 0) {
      await file.write(`${batch.join('\n')}\n`);
    }
    await file.sync();
  } finally {
    await file.close();
  }
  await fs.promises.rename(temporary, path);
}

/**
 * @returns {Promise<null | {header: object, count: number}>} null when there is no file; calls
 *   `onEntry` for each config line
 * @throws when the file is unreadable or of another format (the caller then reloads everything)
 */
async function readStateFile(path, onEntry) {
  let stream;
  try {
    await fs.promises.access(path);
    stream = fs.createReadStream(path, { encoding: 'utf8' });
  } catch (missing) {
    return null;
  }
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let header = null;
  let count = 0;
  for await (const line of lines) {
    if (line === '') {
      continue;
    }
    const json = JSON.parse(line);
    if (header === null) {
      if (json.format !== FORMAT) {
        throw new Error(`format ${json.format}, expected ${FORMAT}`);
      }
      header = json;
    } else {
      onEntry(json);
      count++;
    }
  }
  if (header === null) {
    throw new Error('the file is empty');
  }
  return { header, count };
}

module.exports = { writeStateFile, readStateFile };
