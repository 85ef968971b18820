// What every page does first: make sure someone is logged in, say who, and load each panel on its
// own so one refused or missing endpoint leaves the rest of the page working.

import { ApiError, currentSession, get, getAll, goToLogin, logout } from "./api.js";
import { $ } from "./dom.js";
import { humanize } from "./format.js";

export async function start(init) {
  const session = currentSession();
  if (!session) {
    goToLogin();
    return;
  }
  $("#logout")?.addEventListener("click", logout);
  let me;
  try {
    me = await get("/auth/me");
  } catch (error) {
    if (error.status === 401) return;
    me = { role: session.role, permissions: [], user_id: null };
  }
  const who = $("#whoami");
  if (who) who.textContent = `${session.email} · ${humanize(me.role)}`;
  try {
    await init({ session, me });
    document.body.dataset.state = "ready"; // the first load is complete (tests wait for this)
  } catch (error) {
    document.body.dataset.state = "error";
    reportUnexpected(error);
  }
}

// Refusals and missing endpoints are shown in their panel; anything else is a bug worth logging.
export function reportUnexpected(error) {
  if (!(error instanceof ApiError)) console.error(error);
}

export function panel(name) {
  return document.querySelector(`[data-panel="${name}"]`);
}

export function setState(section, state, message = "") {
  section.dataset.state = state;
  section.setAttribute("aria-busy", state === "loading" ? "true" : "false");
  const note = section.querySelector(".panel-message");
  if (note) note.textContent = message;
}

export function messageFor(error, me, notFound) {
  if (!(error instanceof ApiError)) return `This panel could not be shown: ${error.message}`;
  if (error.status === 403) {
    const areas = [...new Set((error.body.context?.actions || []).map((a) => a.split(".")[0]))];
    const what = areas.length ? areas.join(" or ") : "this";
    return `Insufficient permissions: your role (${humanize(me.role)}) may not view ${what}.`;
  }
  if (error.status === 404 && notFound) return notFound;
  return `Could not load (HTTP ${error.status}): ${error.message}`;
}

const STATE_OF = { 403: "forbidden", 404: "unavailable" };

// Run `work(section)`; on failure the panel says why (permissions, not available, error).
export async function loadPanel(name, me, work, { notFound } = {}) {
  const section = panel(name);
  setState(section, "loading", "Loading…");
  try {
    await work(section);
    setState(section, "ready");
    return true;
  } catch (error) {
    if (error.status === 401) return false;
    reportUnexpected(error);
    const state = (error instanceof ApiError && STATE_OF[error.status]) || "error";
    setState(section, state, messageFor(error, me, notFound));
    return false;
  }
}

// Payer names for selects and tables; an empty map when the role may not list payers.
export async function payerNames() {
  try {
    const payers = await getAll("/payers");
    return new Map(payers.map((p) => [p.id, p.name]));
  } catch (error) {
    if (error.status === 403) return new Map();
    throw error;
  }
}

// User names, for the roles that may list users; everyone else sees "you" or a short id.
export async function userNames(me) {
  if (!(me.permissions || []).includes("users.manage")) return new Map();
  try {
    const users = await getAll("/users");
    return new Map(users.map((u) => [u.id, u.full_name || u.email]));
  } catch {
    return new Map();
  }
}

export function fillPayerSelect(select, names, selected) {
  const sorted = [...names.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  for (const [id, name] of sorted) {
    const option = document.createElement("option");
    option.value = id;
    option.textContent = name;
    select.append(option);
  }
  if (selected) select.value = selected;
}

// Page state lives in the URL, so a filtered view can be bookmarked, shared and reloaded.
export function readQuery(names) {
  const params = new URLSearchParams(window.location.search);
  return Object.fromEntries(names.map((n) => [n, params.get(n) || ""]));
}

export function writeQuery(values) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  window.history.replaceState(null, "", text ? `?${text}` : window.location.pathname);
  return text;
}
