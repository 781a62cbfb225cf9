import { api, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { differences } from './diff.js';
import { describeStatus, watchConfig } from './receipt.js';

/**
 * The module's own schema with presentation hints for the form. Conditions (allOf with if/then) are
 * left to the server, whose answer shows at the fields: json-editor reads them as more properties.
 */
function formSchema(schema) {
  const copy = JSON.parse(JSON.stringify(schema));
  delete copy.$schema;
  delete copy.$id;
  const hint = node => {
    if (!node || typeof node !== 'object') return;
    delete node.allOf;
    delete node.if;
    delete node.then;
    delete node.else;
    if (node.type === 'boolean') node.format = 'checkbox';
    if (node.enum && !node.type) node.type = 'string';
    const required = new Set(node.required || []);
    Object.entries(node.properties || {}).forEach(([key, property]) => {
      // An optional number starts empty, not at json-editor's 0 (which a minimum may refuse).
      if ((property.type === 'integer' || property.type === 'number') && !required.has(key)
          && property.default === undefined) property.default = null;
      hint(property);
    });
    if (node.items) hint(node.items);
  };
  hint(copy);
  return copy;
}

/** Leaves out the optional properties the form left empty, as a person would not write them. */
function prune(value, schema) {
  if (Array.isArray(value)) {
    return value.map(item => prune(item, schema && schema.items))
      .filter(item => item !== undefined && item !== null && item !== '');
  }
  if (value && typeof value === 'object') {
    const required = new Set((schema && schema.required) || []);
    const kept = {};
    for (const [key, child] of Object.entries(value)) {
      const pruned = prune(child, schema && schema.properties && schema.properties[key]);
      const empty = pruned === undefined || pruned === null || pruned === ''
        || (Array.isArray(pruned) && pruned.length === 0);
      if (!empty || required.has(key)) kept[key] = pruned;
    }
    return kept;
  }
  return value;
}

function stable(value) {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map(k => `${JSON.stringify(k)}:${stable(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function actorName(actor) {
  if (!actor) return 'someone';
  const discord = actor.indexOf(' (discord ');
  return discord > 0 ? actor.slice(0, discord) : actor;
}

export async function editorPage(context, guildId, moduleId) {
  const modules = await api.modules();
  const module = modules.find(m => m.id === moduleId);
  if (!module) throw new ApiError(404, 'UNKNOWN_MODULE', `there is no module ${moduleId}`);
  let state = null;
  try {
    state = await api.state(guildId, moduleId);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  const title = module.schema.title || moduleId;
  const guildName = context.guildName(guildId);
  context.setBreadcrumb({ label: 'Servers', href: '#/' }, { label: guildName, href: `#/guilds/${guildId}` },
    { label: title });

  let base = { version: state ? state.version : 0, config: state ? state.config : {} };
  const ownVersions = new Set();
  let pendingSave = null;
  let saving = null;
  let rawMode = false;

  const notice = h('div', { className: 'notice', role: 'alert', id: 'changed-notice' });
  const summary = h('div', { className: 'error', role: 'alert', id: 'form-errors' });
  const conflict = h('section', { className: 'conflict', id: 'conflict', hidden: true, 'aria-labelledby': 'conflict-title' });
  const receipt = h('div', { className: 'receipt', role: 'status', id: 'receipt' });
  const preflight = h('div', { className: 'preflight', role: 'status', id: 'preflight' });
  const versionLabel = h('span', { className: 'version', id: 'base-version' });
  const formHolder = h('div', { id: 'form' });
  const raw = h('textarea', { id: 'raw-json', rows: 18, spellcheck: 'false' });
  const rawBlock = h('div', { hidden: true }, h('label', { for: 'raw-json' }, 'Raw JSON'), raw);
  const modeButton = h('button', { type: 'button', 'aria-pressed': 'false', onClick: toggleRaw }, 'Raw JSON mode');
  const editorOptions = {
    schema: formSchema(module.schema),
    theme: 'html',
    // With false, json-editor keeps an optional number as a number and then fails to show it;
    // empty fields are left out by prune() instead.
    use_default_values: true,
    iconlib: null,
    disable_edit_json: true,
    disable_properties: true,
    disable_collapse: true,
    no_additional_properties: true,
    required_by_default: false,
    remove_empty_properties: true,
    // Its own messages come and go as one types, moving the buttons under the pointer; the
    // server's answer (Check, Save) shows at the fields instead.
    show_errors: 'never',
    prompt_before_delete: false,
    disable_array_delete_all_rows: true,
    disable_array_delete_last_row: true,
  };
  let editor = null;
  /** A fresh editor set to {@code value} as its initial value, which keeps a field for every property. */
  function buildEditor(value) {
    if (editor) editor.destroy();
    formHolder.replaceChildren();
    editor = new window.JSONEditor(formHolder, editorOptions);
    return new Promise(resolve => editor.on('ready', () => {
      editor.root.setValue(value, true);
      resolve();
    }));
  }
  // json-editor's row buttons carry their name in a title (or none, without an icon library):
  // every button shows and is named by what it does.
  const nameButtons = () => formHolder.querySelectorAll('button[title]').forEach(button => {
    if (button.textContent !== button.title) button.textContent = button.title;
  });
  new MutationObserver(nameButtons).observe(formHolder, { childList: true, subtree: true });
  // json-editor 2.15 resets rows with a non-initial setValue when one moves or goes, which drops
  // optional fields (an automod rule's number) from them, for good. The move or deletion is redone
  // here on the value from before the click, in a fresh editor.
  formHolder.addEventListener('click', event => {
    const button = event.target.closest('button.json-editor-btntype-move, button.json-editor-btntype-delete');
    const array = button && button.closest('[data-schematype="array"][data-schemapath]');
    if (!array) return;
    // A copy: json-editor moves rows in the very array its getValue returned.
    const before = JSON.parse(JSON.stringify(editor.getValue()));
    const index = Number(button.getAttribute('data-i'));
    const op = button.classList.contains('moveup') ? -1 : button.classList.contains('movedown') ? 1 : 0;
    setTimeout(() => {
      const fixed = before;
      const rows = array.getAttribute('data-schemapath').split('.').slice(1).reduce((node, key) => node && node[key], fixed);
      if (!Array.isArray(rows)) return;
      if (op === 0) rows.splice(index, 1);
      else if (rows[index + op] !== undefined) [rows[index], rows[index + op]] = [rows[index + op], rows[index]];
      buildEditor(fixed);
    }, 0);
  }, true);
  const ready = buildEditor(base.config);

  const showVersion = () => {
    versionLabel.textContent = base.version ? `Editing version ${base.version}` : 'Not configured yet: saving creates it';
  };
  showVersion();

  function currentConfig() {
    return rawMode ? JSON.parse(raw.value) : prune(editor.getValue(), module.schema);
  }

  function dirty() {
    try {
      return stable(currentConfig()) !== stable(base.config);
    } catch (e) {
      return true;
    }
  }

  function setForm(config) {
    buildEditor(config);
    if (rawMode) raw.value = JSON.stringify(config, null, 2);
  }

  function toggleRaw() {
    clearErrors();
    if (!rawMode) {
      raw.value = JSON.stringify(prune(editor.getValue(), module.schema), null, 2);
      rawMode = true;
    } else {
      try {
        buildEditor(JSON.parse(raw.value));
        rawMode = false;
      } catch (e) {
        replace(summary, `The raw JSON is not valid JSON: ${e.message}`);
        return;
      }
    }
    rawBlock.hidden = !rawMode;
    formHolder.hidden = rawMode;
    modeButton.setAttribute('aria-pressed', String(rawMode));
  }

  function clearErrors() {
    replace(summary);
    formHolder.querySelectorAll('.field-error').forEach(element => element.remove());
    formHolder.querySelectorAll('[aria-invalid]').forEach(element => element.removeAttribute('aria-invalid'));
  }

  /** The server's details, each at the field its JSON Pointer names, and all in the summary. */
  function showErrors(intro, details) {
    const items = [];
    (details || []).forEach((detail, i) => {
      const location = detail.location || '/';
      const path = location === '/' ? 'root' : `root${location.replace(/\//g, '.')}`;
      const field = editor.getEditor(path);
      const input = field && (field.input || (field.container && field.container.querySelector('input,select,textarea')));
      if (input && !rawMode) {
        const id = `field-error-${i}`;
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') || ''} ${id}`.trim());
        input.insertAdjacentElement('afterend', h('p', { className: 'field-error', id }, detail.message));
      }
      items.push(h('li', {}, `${location}: ${detail.message}`));
    });
    replace(summary, h('p', {}, intro), h('ul', {}, items));
  }

  function showReceipt(status) {
    const s = describeStatus(status);
    if (status.version !== base.version && !ownVersions.has(status.version)) return;
    let headline;
    if (!status.enabled) {
      headline = `Saved version ${status.version}; the module is disabled, so no bot acts on it.`;
    } else if (s.total === 0) {
      headline = `Saved version ${status.version}. No bot is connected for this server: it goes live when one connects.`;
    } else if (s.live) {
      const took = pendingSave && pendingSave.version === status.version
        ? ` in ${Math.max(1, Math.round(performance.now() - pendingSave.startedAt))} ms` : '';
      headline = `Live on ${s.total} of ${s.total} bots${took}.`;
      if (pendingSave && pendingSave.version === status.version) pendingSave = null;
    } else {
      headline = `Version ${status.version}: live on ${s.applied} of ${s.total} bots`
        + (s.waiting.length ? `; waiting for ${s.waiting.join(', ')}` : '') + '.';
    }
    replace(receipt, h('p', {}, headline),
      s.errors.length ? h('ul', { className: 'error', 'aria-label': 'Bot errors' }, s.errors.map(e => h('li', {}, e))) : null);
  }

  function save(config, basedOn) {
    // Change events of our own save may arrive before its answer: they wait for it.
    saving = saveNow(config, basedOn).finally(() => { saving = null; });
    return saving;
  }

  async function saveNow(config, basedOn) {
    clearErrors();
    replace(notice);
    replace(receipt, h('p', {}, 'Saving…'));
    const startedAt = performance.now();
    try {
      const saved = await api.save(guildId, moduleId, config, basedOn);
      ownVersions.add(saved.version);
      base = { version: saved.version, config: saved.config };
      pendingSave = { version: saved.version, startedAt };
      conflict.hidden = true;
      showVersion();
      replace(receipt, h('p', {}, `Saved version ${saved.version}. Waiting for the bots…`));
      watcher.readStatus();
    } catch (error) {
      replace(receipt);
      if (error instanceof ApiError && error.status === 422) {
        showErrors(`The server refused the config: ${error.message}`, error.details);
      } else if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        await showConflict(config, error.details && error.details.current);
      } else {
        replace(summary, error instanceof ApiError ? `${error.code}: ${error.message}` : String(error));
      }
    }
  }

  async function lastActor(afterVersion) {
    try {
      const versions = await api.history(guildId, moduleId, afterVersion);
      return versions.length ? versions[versions.length - 1] : null;
    } catch (e) {
      return null;
    }
  }

  async function showConflict(mine, current) {
    const newer = await lastActor(base.version);
    const currentConfig = current ? current.config : null;
    const currentVersion = current ? current.version : (newer ? newer.version : base.version);
    const rows = differences(base.config, currentConfig, mine);
    const cell = value => h('td', {}, value === undefined ? '—' : value);
    replace(conflict,
      h('h2', { id: 'conflict-title' }, 'Someone changed this config meanwhile'),
      h('p', {}, `${newer ? actorName(newer.actor) : 'Someone'} saved version ${currentVersion} after the version ${base.version} `
        + 'you were editing from. Nothing was overwritten.'),
      h('table', {},
        h('caption', {}, 'Differences'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Setting'),
          h('th', { scope: 'col' }, `You started from (version ${base.version})`),
          h('th', { scope: 'col' }, `There now (version ${currentVersion})`),
          h('th', { scope: 'col' }, 'Your edit'))),
        h('tbody', {}, rows.map(row => h('tr', {}, h('th', { scope: 'row' }, row.pointer), row.values.map(cell))))),
      h('div', { className: 'row' },
        h('button', { type: 'button', onClick: () => save(mine, currentVersion) }, 'Re-apply my edit on top'),
        h('button', {
          type: 'button',
          onClick: () => {
            base = { version: currentVersion, config: currentConfig || {} };
            setForm(base.config);
            showVersion();
            conflict.hidden = true;
          },
        }, 'Discard my edit')));
    conflict.hidden = false;
  }

  async function someoneChanged(change) {
    while (saving) await saving;
    if (ownVersions.has(change.version) || change.version <= base.version) return;
    const entry = await lastActor(base.version);
    const who = entry ? actorName(entry.actor) : 'someone';
    if (!dirty()) {
      let fresh = null;
      try {
        fresh = await api.state(guildId, moduleId);
      } catch (e) {
        fresh = null;
      }
      base = { version: change.version, config: fresh ? fresh.config : {} };
      setForm(base.config);
      showVersion();
      replace(notice, `Changed by ${who} just now (version ${change.version}). The form shows the new version.`);
    } else {
      replace(notice, `Changed by ${who} just now (version ${change.version}). Your unsaved edits are kept: `
        + 'saving will show you both.');
    }
  }

  async function check() {
    clearErrors();
    replace(preflight, h('p', {}, 'Checking…'));
    let config;
    try {
      config = currentConfig();
    } catch (e) {
      replace(preflight);
      replace(summary, `The raw JSON is not valid JSON: ${e.message}`);
      return;
    }
    try {
      const result = await api.validate(guildId, moduleId, config);
      if (!result.valid) {
        replace(preflight, h('p', {}, 'This config would be refused.'));
        showErrors('The schema refuses this config:', result.errors);
        return;
      }
      const lines = [];
      result.bots.forEach(bot => {
        if (!bot.answered) lines.push(`${bot.botId} did not answer within a second.`);
        else if (bot.problems.length) bot.problems.forEach(p => lines.push(`Warning from ${bot.botId}: ${p}`));
        else lines.push(`${bot.botId} sees no problem.`);
      });
      replace(preflight, h('p', {}, 'The schema accepts this config.'),
        lines.length ? h('ul', {}, lines.map(line => h('li', {}, line)))
          : h('p', {}, 'No bot answered (bots may be offline), so Discord was not checked.'));
    } catch (error) {
      replace(preflight, h('p', {}, `Could not check: ${error.message}`));
    }
  }

  function submit(event) {
    event.preventDefault();
    let config;
    try {
      config = currentConfig();
    } catch (e) {
      replace(summary, `The raw JSON is not valid JSON: ${e.message}`);
      return;
    }
    save(config, base.version);
  }

  const watcher = watchConfig(guildId, moduleId, state ? state.revision : 0, {
    onChange: change => someoneChanged(change),
    onStatus: status => showReceipt(status),
  });
  context.onLeave(() => {
    watcher.close();
    if (editor) editor.destroy();
  });
  await ready;

  return [
    h('h1', {}, `${title} — ${guildName}`),
    h('p', { className: 'help' }, module.schema.description || ''),
    versionLabel, notice, conflict,
    h('form', { className: 'card editor', onSubmit: submit },
      summary, formHolder, rawBlock,
      h('div', { className: 'row actions' },
        h('button', { type: 'submit', className: 'primary' }, 'Save'),
        h('button', { type: 'button', onClick: check }, 'Check'),
        modeButton,
        h('button', { type: 'button', onClick: () => { clearErrors(); setForm(base.config); } }, 'Discard changes'),
        h('a', { href: `#/guilds/${guildId}/modules/${moduleId}/history` }, 'History'))),
    h('section', { className: 'card', 'aria-labelledby': 'receipt-title' },
      h('h2', { id: 'receipt-title' }, 'Live receipt'), receipt, preflight),
  ];
}
