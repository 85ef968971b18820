// Work queues (rcm.followup): queues with counts and amounts, the items of one queue by priority,
// agent workload, and staff productivity from the audit log. A server without the follow-up
// endpoints answers 404: the page says so and the productivity panel still works.

import { get } from "./api.js";
import { $, fillRows, h, replace } from "./dom.js";
import * as fmt from "./format.js";
import { loadPanel, panel, readQuery, setState, start, userNames, writeQuery } from "./shell.js";

const UNAVAILABLE =
  "Work queues are not available on this server yet: the follow-up service did not answer. " +
  "The rest of the dashboard works as usual.";
const ERROR_RATE_ALERT = 20; // percent of submissions later rejected that deserves a manager's look
const ITEMS_PER_PAGE = 100;
const state = { me: null, names: new Map(), queue: "", kind: "ar_followup" };

function person(id, name) {
  if (!id) return name || "Unassigned";
  const known = name || state.names.get(id);
  if (id === state.me.user_id) return known ? `${known} (you)` : "You";
  return known || `User ${fmt.shortId(id)}`;
}

async function fillQueues() {
  const queues = await get("/workqueues");
  const rows = queues.map((q) => {
    const button = h(
      "button",
      {
        type: "button",
        class: "link",
        dataset: { queue: q.queue },
        "aria-pressed": String(q.queue === state.queue),
        onclick: () => selectQueue(q.queue),
      },
      fmt.humanize(q.queue),
    );
    return [
      { header: true, node: button },
      { text: fmt.count(q.open_items), class: "num" },
      { text: fmt.money(q.amount_cents), class: "num" },
    ];
  });
  fillRows($("#queues-table tbody"), rows, "No open work item.", 3);
  return queues.map((q) => q.queue);
}

function itemRow(item) {
  const claim = item.claim_id ? h("a", { href: `/dashboard/claims/${item.claim_id}` }, "View claim") : fmt.NONE;
  return [
    { text: fmt.count(item.priority), class: "num" },
    { header: true, text: `${item.title}${item.escalated ? " (escalated)" : ""}` },
    { node: claim },
    { text: fmt.money(item.amount_cents), class: "num" },
    fmt.timestamp(item.due_at),
    fmt.humanize(item.status),
    person(item.assignee_id),
  ];
}

async function fillItems(queue) {
  $("#items-queue").textContent = queue ? `in ${fmt.humanize(queue)}` : "";
  if (!queue) {
    fillRows($("#items-table tbody"), [], "Select a queue to see its items.", 7);
    return;
  }
  const page = await get(`/workqueues/${encodeURIComponent(queue)}/items`, { page_size: ITEMS_PER_PAGE });
  // The API orders by priority already; sorting again keeps the promise if a page arrives unordered.
  const items = [...page.items].sort((a, b) => b.priority - a.priority);
  fillRows($("#items-table tbody"), items.map(itemRow), "This queue is empty.", 7);
  const more = page.total > items.length ? `Showing the ${items.length} most urgent of ${page.total} items.` : "";
  $("#items-note").textContent = more;
}

async function selectQueue(queue) {
  state.queue = queue;
  writeQuery({ queue, kind: state.kind === "ar_followup" ? "" : state.kind });
  for (const button of document.querySelectorAll("#queues-table [data-queue]")) {
    button.setAttribute("aria-pressed", String(button.dataset.queue === queue));
  }
  await loadPanel("items", state.me, () => fillItems(queue), { notFound: UNAVAILABLE });
}

async function fillWorkload() {
  const load = await get("/followup/workload", { kind: state.kind });
  for (const a of load.assignees) if (a.assignee_id && a.assignee_name) state.names.set(a.assignee_id, a.assignee_name);
  const t = load.totals;
  $("#workload-totals").textContent =
    `${fmt.count(t.open_items)} open items, ${fmt.money(t.amount_cents)}, ${fmt.count(t.overdue)} overdue` +
    (t.oldest_due_at ? `; oldest due ${fmt.timestamp(t.oldest_due_at)}` : "");
  const rows = load.assignees.map((a) => [
    { header: true, text: person(a.assignee_id, a.assignee_name) },
    a.queues.map(fmt.humanize).join(", "),
    { text: fmt.count(a.open_items), class: "num" },
    { text: fmt.money(a.amount_cents), class: "num" },
    { text: fmt.count(a.overdue), class: a.overdue ? "num warn" : "num" },
    fmt.timestamp(a.oldest_due_at),
  ]);
  fillRows($("#workload-table tbody"), rows, "Nobody has open work of this kind.", 6);
}

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

async function fillProductivity() {
  const until = new Date();
  const since = new Date(until.getTime() - 29 * 86400000);
  const result = await get("/analytics/staff-productivity", { since: isoDay(since), until: isoDay(until) });
  const rows = result.users.map((u) => {
    const alert = u.error_rate !== null && u.error_rate >= ERROR_RATE_ALERT;
    return [
      { header: true, text: person(u.user_id, u.name) },
      ...[u.actions, u.active_days].map((v) => ({ text: fmt.count(v), class: "num" })),
      { text: u.actions_per_day === null ? fmt.NONE : u.actions_per_day.toFixed(1), class: "num" },
      ...[u.submissions, u.rejected_after_submission].map((v) => ({ text: fmt.count(v), class: "num" })),
      { text: `${fmt.percent(u.error_rate)}${alert ? " (check)" : ""}`, class: alert ? "num warn" : "num" },
    ];
  });
  fillRows($("#productivity-table tbody"), rows, "No recorded action in the last 30 days.", 7);
}

function watchKind() {
  const select = $("#workload-kind");
  select.value = state.kind;
  select.addEventListener("change", () => {
    state.kind = select.value;
    writeQuery({ queue: state.queue, kind: state.kind === "ar_followup" ? "" : state.kind });
    loadPanel("workload", state.me, fillWorkload, { notFound: UNAVAILABLE });
  });
}

async function init({ me }) {
  state.me = me;
  const query = readQuery(["queue", "kind"]);
  state.queue = query.queue;
  state.kind = query.kind || state.kind;
  watchKind();
  state.names = await userNames(me);
  let queues = [];
  const [listed] = await Promise.all([
    loadPanel("queues", me, async () => { queues = await fillQueues(); }, { notFound: UNAVAILABLE }),
    loadPanel("workload", me, fillWorkload, { notFound: UNAVAILABLE }),
  ]);
  if (listed) {
    await selectQueue(state.queue || queues[0] || "");
  } else {
    const refused = panel("queues");
    setState(panel("items"), refused.dataset.state, $(".panel-message", refused).textContent);
  }
  // Last: the workload has taught us the names of the people who hold work.
  await loadPanel("productivity", me, fillProductivity);
}

start(init);
