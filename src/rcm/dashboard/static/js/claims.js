// The claim list: the same filters as GET /claims, 25 a page, newest first.

import { get } from "./api.js";
import { $, fillRows, h, statusBadge } from "./dom.js";
import * as fmt from "./format.js";
import { fillPayerSelect, loadPanel, payerNames, readQuery, reportUnexpected, start, writeQuery } from "./shell.js";

const FIELDS = ["patient_control_number", "status", "payer_id", "service_from", "service_to"];
const PAGE_SIZE = 25;
const form = $("#claim-filters");
const section = document.querySelector('[data-panel="claims"]');
const state = { page: 1, total: 0, names: new Map(), generation: 0 };
let me = null;

function readForm() {
  const data = new FormData(form);
  return Object.fromEntries(FIELDS.map((name) => [name, (data.get(name) || "").trim()]));
}

function claimRow(claim) {
  const link = h("a", { href: `/dashboard/claims/${claim.id}` }, claim.patient_control_number);
  return [
    { header: true, node: link },
    { node: statusBadge(claim.status) },
    state.names.get(claim.payer_id) || fmt.shortId(claim.payer_id),
    fmt.date(claim.service_date_from),
    { text: fmt.money(claim.charge_cents), class: "num" },
    { text: fmt.money(claim.paid_cents), class: "num" },
    { text: fmt.money(claim.balance_cents), class: "num" },
  ];
}

function showPager() {
  const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
  const first = state.total ? (state.page - 1) * PAGE_SIZE + 1 : 0;
  const last = Math.min(state.page * PAGE_SIZE, state.total);
  $("#c-page").textContent = `${first}–${last} of ${fmt.count(state.total)} claims · page ${state.page} of ${pages}`;
  $("#c-prev").disabled = state.page <= 1;
  $("#c-next").disabled = state.page >= pages;
}

async function search() {
  const mine = ++state.generation;
  const filters = readForm();
  const query = writeQuery({ ...filters, page: state.page > 1 ? String(state.page) : "" });
  const params = { ...filters, page: state.page, page_size: PAGE_SIZE };
  await loadPanel("claims", me, async () => {
    const result = await get("/claims", params);
    if (mine !== state.generation) return;
    state.total = result.total;
    fillRows($("#claims-table tbody"), result.items.map(claimRow), "No claim matches these filters.", 7);
    showPager();
  });
  if (mine === state.generation) section.dataset.query = query;
}

function restart() {
  state.page = 1;
  search();
}

async function init(context) {
  me = context.me;
  const initial = readQuery([...FIELDS, "page"]);
  for (const name of FIELDS) form.elements[name].value = initial[name];
  state.page = Math.max(1, Number.parseInt(initial.page, 10) || 1);
  try {
    state.names = await payerNames();
    fillPayerSelect(form.elements.payer_id, state.names, initial.payer_id);
  } catch (error) {
    reportUnexpected(error);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    restart();
  });
  for (const name of ["status", "payer_id", "service_from", "service_to"]) {
    form.elements[name].addEventListener("change", restart);
  }
  $("#c-clear").addEventListener("click", () => {
    form.reset();
    restart();
  });
  $("#c-prev").addEventListener("click", () => {
    state.page -= 1;
    search();
  });
  $("#c-next").addEventListener("click", () => {
    state.page += 1;
    search();
  });
  await search();
}

start(init);
