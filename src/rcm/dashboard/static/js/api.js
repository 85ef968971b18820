// The authenticated JSON API as seen from the dashboard: the token lives in this tab's
// sessionStorage (gone when the tab closes), every call carries it, and a 401 sends you to log in.

const SESSION_KEY = "rcm.dashboard.session";
export const LOGIN_PATH = "/dashboard/login";

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export function currentSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
    return stored && stored.expires_at > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

function here() {
  return window.location.pathname + window.location.search;
}

// Only a local path may follow a login: never "//evil.example" or an absolute URL.
export function safeNext(value) {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export function goToLogin(reason) {
  sessionStorage.removeItem(SESSION_KEY);
  const params = new URLSearchParams({ next: here() });
  if (reason) params.set("reason", reason);
  window.location.assign(`${LOGIN_PATH}?${params}`);
}

export function logout() {
  sessionStorage.removeItem(SESSION_KEY);
  window.location.assign(`${LOGIN_PATH}?reason=logged_out`);
}

export async function login(email, password) {
  const response = await fetch("/auth/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({ username: email, password }),
  });
  const body = await readJson(response);
  if (!response.ok) throw new ApiError(response.status, body);
  const session = {
    token: body.access_token,
    role: body.role,
    email,
    expires_at: Date.now() + body.expires_in * 1000,
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

async function readJson(response) {
  const type = response.headers.get("content-type") || "";
  return type.includes("application/json") ? response.json() : { detail: await response.text() };
}

function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (Array.isArray(value)) value.forEach((v) => query.append(key, v));
    else if (value !== undefined && value !== null && value !== "") query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

// GET a JSON resource; 401 logs out, any other failure throws ApiError (403, 404... are the caller's).
export async function get(path, params, accept = "application/json") {
  const session = currentSession();
  if (!session) {
    goToLogin("expired");
    throw new ApiError(401, { detail: "not logged in" });
  }
  const response = await fetch(withQuery(path, params), {
    headers: { Authorization: `Bearer ${session.token}`, Accept: accept },
  });
  if (response.status === 401) {
    goToLogin("expired");
    throw new ApiError(401, await readJson(response));
  }
  if (!response.ok) throw new ApiError(response.status, await readJson(response));
  return accept === "application/json" ? response.json() : response.text();
}

// Every page of a paged list (payers, users): small lists only.
export async function getAll(path, params = {}) {
  const items = [];
  for (let page = 1; page < 50; page += 1) {
    const body = await get(path, { ...params, page, page_size: 500 });
    items.push(...body.items);
    if (items.length >= body.total || body.items.length === 0) break;
  }
  return items;
}
