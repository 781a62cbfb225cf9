// The one client of the API and of the dashboard's own routes. It knows the error shape
// {"error":{"code","message","details"}} and sends the session's CSRF token on every change.
let csrfToken = null;

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function useCsrfToken(token) {
  csrfToken = token;
}

export async function request(method, path, { body, ifMatch } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const error = json && json.error ? json.error : {};
    throw new ApiError(response.status, error.code || `HTTP_${response.status}`,
      error.message || `the server answered ${response.status}`, error.details);
  }
  return { json, etag: response.headers.get('ETag') };
}

export const api = {
  session: () => request('GET', '/dashboard/session').then(r => r.json),
  signInWithToken: token => request('POST', '/dashboard/sign-in/token', { body: { token } }).then(r => r.json),
  signOut: () => request('POST', '/dashboard/sign-out', { body: {} }).then(r => r.json),
  modules: () => request('GET', '/api/modules').then(r => r.json.modules),
  guildStates: guildId => request('GET', `/api/guilds/${guildId}/modules`).then(r => r.json.modules),
  state: (guildId, moduleId) => request('GET', `/api/guilds/${guildId}/modules/${moduleId}`).then(r => r.json),
  status: (guildId, moduleId) => request('GET', `/api/guilds/${guildId}/modules/${moduleId}/status`).then(r => r.json),
  history: (guildId, moduleId, after = 0) =>
    request('GET', `/api/guilds/${guildId}/modules/${moduleId}/history?after=${after}`).then(r => r.json.versions),
  save: (guildId, moduleId, config, baseVersion) =>
    request('PUT', `/api/guilds/${guildId}/modules/${moduleId}`, { body: { config }, ifMatch: baseVersion })
      .then(r => r.json),
  setEnabled: (guildId, moduleId, enabled, baseVersion) =>
    request('POST', `/api/guilds/${guildId}/modules/${moduleId}/${enabled ? 'enable' : 'disable'}`,
      { ifMatch: baseVersion }).then(r => r.json),
  validate: (guildId, moduleId, config) =>
    request('POST', `/api/guilds/${guildId}/modules/${moduleId}/validate`, { body: { config } }).then(r => r.json),
  rollback: (guildId, moduleId, version, baseVersion) =>
    request('POST', `/api/guilds/${guildId}/modules/${moduleId}/rollback`, { body: { version }, ifMatch: baseVersion })
      .then(r => r.json),
};
