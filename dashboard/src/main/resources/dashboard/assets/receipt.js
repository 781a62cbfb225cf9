import { api } from './api.js';

/** "live on 3 of 3 bots", or who is still waiting, or each bot's error, from the apply status. */
export function describeStatus(status) {
  const responsible = status.responsible || [];
  const current = (status.bots || []).filter(bot => bot.current);
  const failing = current.filter(bot => !bot.ok && responsible.includes(bot.botId));
  const waiting = status.waitingFor || [];
  const applied = responsible.length - waiting.length - failing.length;
  return {
    live: status.live,
    done: waiting.length === 0,
    applied,
    total: responsible.length,
    waiting,
    errors: failing.map(bot => `${bot.botId}: ${bot.error}`),
  };
}

export function statusLine(status) {
  if (!status.version) return 'Not configured';
  if (!status.enabled) return 'Disabled';
  const s = describeStatus(status);
  if (s.total === 0) return 'No bot connected for this server yet';
  if (s.live) return `Live on ${s.total} of ${s.total} bots`;
  const parts = [`Live on ${s.applied} of ${s.total} bots`];
  if (s.waiting.length) parts.push(`waiting for ${s.waiting.join(', ')}`);
  if (s.errors.length) parts.push(`${s.errors.length} with errors`);
  return parts.join('; ');
}

/**
 * Watches one config over server-sent events: `change` when anyone makes a new version, `ack` when
 * a bot's report about it was stored (then the status is read again).
 */
export function watchConfig(guildId, moduleId, revision, { onChange, onStatus }) {
  let closed = false;
  let source = null;
  let reading = false;
  let readAgain = false;
  const readStatus = async () => {
    if (reading) { readAgain = true; return; }
    reading = true;
    try {
      do {
        readAgain = false;
        const status = await api.status(guildId, moduleId);
        if (!closed) onStatus(status);
      } while (readAgain && !closed);
    } catch (e) {
      // the next ack reads it again
    } finally {
      reading = false;
    }
  };
  const open = currentRevision => {
    source = new EventSource(`/dashboard/live/guilds/${guildId}/modules/${moduleId}?revision=${currentRevision}`);
    source.addEventListener('change', event => onChange(JSON.parse(event.data)));
    source.addEventListener('ack', () => readStatus());
    source.addEventListener('ready', () => readStatus());
  };
  open(revision);
  return {
    readStatus,
    close() {
      closed = true;
      if (source) source.close();
    },
  };
}
