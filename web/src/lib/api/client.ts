// The one API client: JSON in and out, the bearer token from the session, one silent refresh on a 401, errors as
// ApiError carrying the server's problem details.

import { ApiError, problemFromText, problemOf } from './problem';
import { clearSession, getAccessToken, refresh } from '../auth/session';

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the bearer token when there is one (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

/** Called when a request needed a session and none could be had (the app sends the user to log in). */
let onSessionExpired: () => void = () => {};
export function setSessionExpiredHandler(handler: () => void): void {
  onSessionExpired = handler;
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || options.body instanceof Blob) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(path, {
      method: options.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError({ status: 0, title: 'The server cannot be reached. Check your connection and try again.' });
  }
}

export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const useAuth = options.auth !== false;
  const token = useAuth ? await getAccessToken() : null;
  let response = await send(path, options, token);
  if (response.status === 401 && useAuth && token) {
    const fresh = await refresh();
    if (fresh) {
      response = await send(path, options, fresh);
    }
    if (response.status === 401) {
      clearSession();
      onSessionExpired();
    }
  }
  if (!response.ok) {
    throw new ApiError(await problemOf(response));
  }
  return response;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiFetch(path, options);
  if (response.status === 204 || response.headers.get('content-length') === '0') {
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * A multipart upload with real byte progress (XMLHttpRequest's upload events; fetch has none).
 * Resolves with the JSON answer, rejects with ApiError.
 */
export async function uploadWithProgress<T>(
  path: string,
  form: FormData,
  onProgress: (p: UploadProgress) => void,
  options: { method?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const token = await getAccessToken();
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method ?? 'POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ loaded: e.loaded, total: e.total });
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
      } else {
        if (xhr.status === 401) onSessionExpired();
        reject(new ApiError(problemFromText(xhr.status, xhr.responseText, xhr.getResponseHeader('content-type'))));
      }
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, title: 'The upload was interrupted. Check your connection and try again.' }));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}

/**
 * Reads a server-sent-event stream with the bearer token (EventSource cannot send headers), calling onEvent with
 * each event's name and parsed JSON data until the stream ends or the signal aborts.
 */
export async function readEventStream(
  path: string,
  onEvent: (name: string, data: unknown) => void,
  signal?: AbortSignal,
): Promise<void> {
  const response = await apiFetch(path, { headers: { Accept: 'text/event-stream' }, signal });
  // TextDecoder rather than TextDecoderStream: older mobile webviews lack the latter.
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
      let name = 'message';
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) {
        try {
          onEvent(name, JSON.parse(data.join('\n')));
        } catch {
          onEvent(name, data.join('\n'));
        }
      }
    }
  }
}
