/**
 * The one way the interface talks to the API (same origin, /api/v1). It keeps the access token in
 * memory only, and the refresh token in sessionStorage: a reload of the tab keeps you signed in, and
 * closing the tab signs you out. Neither is a cookie, so no other site can make the browser send
 * them (no CSRF); what a script could read is limited by the CSP, which runs only this origin's
 * files. The API speaks bearer tokens only, so an httpOnly cookie would need an API change.
 */
import type { TokenPair, User } from './types';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId?: string;
}

/** Any refusal, in the API's one error shape; `message` is what to show the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(Array.isArray(body.message) ? body.message.join('; ') : body.message);
  }
  get requestId(): string | undefined {
    return this.body.requestId;
  }
}

const REFRESH_KEY = 'oversight.refreshToken';
let accessToken: string | null = null;
/** Who the last login or refresh was for: a reload need not ask /auth/me again. */
let sessionUser: User | null = null;
let refreshing: Promise<boolean> | null = null;
let sessionEnded: () => void = () => undefined;

export function startSession(pair: TokenPair): void {
  accessToken = pair.accessToken;
  sessionUser = pair.user;
  sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
}

export function endSession(): void {
  accessToken = null;
  sessionUser = null;
  sessionStorage.removeItem(REFRESH_KEY);
}

export function hasSession(): boolean {
  return accessToken !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
}

export function signedInUser(): User | null {
  return sessionUser;
}

/** Called when the API stops accepting this session (refresh refused): back to sign-in. */
export function onSessionEnded(callback: () => void): void {
  sessionEnded = callback;
}

/**
 * One refresh at a time: the API rotates refresh tokens and treats a second use of one as theft
 * (it revokes the whole session), so concurrent 401s must share the same refresh.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => null);
    if (!res?.ok) {
      if (res) endSession();
      return false;
    }
    startSession((await res.json()) as TokenPair);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export type Query = Record<string, string | number | boolean | string[] | null | undefined>;

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, String(one));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** The version read: sent as If-Match, as every edit of a versioned record needs. */
  version?: number;
}

export async function request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const send = () => {
    const headers: Record<string, string> = {};
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    if (options.version !== undefined) headers['If-Match'] = `"${options.version}"`;
    let body: BodyInit | undefined;
    if (options.body instanceof FormData) body = options.body;
    else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    return fetch(`/api/v1${path}${queryString(options.query)}`, { method, headers, body });
  };
  let res: Response;
  try {
    if (!accessToken && sessionStorage.getItem(REFRESH_KEY)) await refreshSession();
    res = await send();
    if (res.status === 401 && path !== '/auth/login') {
      if (await refreshSession()) res = await send();
      else sessionEnded();
    }
  } catch {
    throw new ApiError(0, { statusCode: 0, error: 'Network error', message: 'The server cannot be reached. Check your connection and try again.' });
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as ErrorBody;
    if (body && typeof body === 'object' && 'message' in body) return new ApiError(res.status, body);
  } catch {
    // Not the API's shape (a proxy's page, say): fall through to a plain message.
  }
  return new ApiError(res.status, { statusCode: res.status, error: res.statusText, message: `The server answered ${res.status} ${res.statusText}` });
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const res = await request(method, path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, { query });

/** The file name a download's Content-Disposition gives, else `fallback`. */
export function filenameOf(res: Response, fallback: string): string {
  const header = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads need the bearer token, which a plain link cannot send: fetch the bytes, then save them
 * through a temporary object URL under the server's file name.
 */
export async function download(path: string, query: Query, fallbackName: string): Promise<string> {
  const res = await request('GET', path, { query });
  const name = filenameOf(res, fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
