// The one place that talks to the REST API (/api/v1): bearer token, JSON in and out,
// Idempotency-Key on creating requests, and problem+json turned into an ApiError whose message a
// person can act on.
import * as session from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(userMessage(status, problem));
    this.status = status;
    this.problem = problem;
    this.code = problem?.code ?? null;
  }
}

/** What to tell a person about a problem: the service's detail says what to do. */
export function userMessage(status, problem) {
  if (!problem) return status === 0 ? 'The server cannot be reached. Check the connection and try again.' : `Request failed (${status}).`;
  if (problem.code === 'UNAUTHENTICATED') return 'Your session has ended. Sign in again.';
  if (problem.code === 'UNAVAILABLE' || problem.code === 'DEADLINE_EXCEEDED') return `${problem.detail || problem.title} Try again in a moment.`;
  return problem.detail || problem.title || `Request failed (${status}).`;
}

/** A new key for one user intent (a form); the same key on a repeat makes the server answer the first result. */
export const newIdempotencyKey = () => crypto.randomUUID();

export async function request(method, path, { body, idempotencyKey, signal } = {}) {
  const headers = { Accept: 'application/json' };
  const token = session.token();
  if (token) headers.Authorization = 'Bearer ' + token;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const init = { method, headers, signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch('/api/v1' + path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = null; }
  }
  if (!response.ok) {
    if (response.status === 401 && token) session.setToken(null);
    throw new ApiError(response.status, data);
  }
  return data;
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, body = {}, options = {}) => request('POST', path, { ...options, body });
export const patch = (path, body, options = {}) => request('PATCH', path, { ...options, body });
export const put = (path, body, options = {}) => request('PUT', path, { ...options, body });

/** Query string from an object, skipping empty values; arrays repeat the key. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v == null || v === '') continue;
    (Array.isArray(v) ? v : [v]).forEach((item) => q.append(k, item));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}
