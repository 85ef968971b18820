// The overview: headline KPI cards and the panels that answer "which payer is denying most right
// now", "how old is what we are owed" and "why are claims denied", all for the same filters.

import { get } from "./api.js";
import { BAR, HIGHLIGHT, PALETTE, draw, moneyAxis } from "./charts.js";
import { $, $$, fillRows, h, replace } from "./dom.js";
import * as fmt from "./format.js";
import { fillPayerSelect, loadPanel, payerNames, readQuery, reportUnexpected, start, writeQuery } from "./shell.js";

const FILTERS = ["payer_id", "date_from", "date_to", "as_of"];
const root = $("#overview");
const form = $("#filters");
let generation = 0;
let me = null;

// Each card's value and its labelled detail lines, from /analytics/dashboard.
const CARDS = {
  denial_rate: (d) => ({
    value: fmt.percent(d.denial_rate.denial_rate),
    detail: [
      ["counts", `${fmt.count(d.denial_rate.denied)} denied of ${fmt.count(d.denial_rate.adjudicated)} adjudicated`],
      ["all-claims", `All-claims variant: ${fmt.percent(d.denial_rate.denial_rate_all_claims)}`],
    ],
  }),
  clean_claim_rate: (d) => ({
    value: fmt.percent(d.clean_claim_rate),
    detail: [["counts", `${fmt.count(d.clean_claims)} clean of ${fmt.count(d.submitted)} submitted`]],
  }),
  first_pass_resolution_rate: (d) => ({
    value: fmt.percent(d.first_pass_resolution_rate),
    detail: [["counts", `${fmt.count(d.paid_first_time)} paid first time of ${fmt.count(d.adjudicated)} adjudicated`]],
  }),
  days_in_ar: (d) => ({
    value: fmt.days(d.days_in_ar),
    detail: [["adc", `Average daily charges ${fmt.money(d.average_daily_charges_cents)} (last ${d.window_days} days)`]],
  }),
  days_to_pay: (d) => ({
    value: fmt.days(d.days_to_pay),
    detail: [["counts", `Submission to payment, ${fmt.count(d.paid_claims)} paid claims`]],
  }),
  gross_collection_rate: (d) => ({
    value: fmt.percent(d.gross_collection_rate),
    detail: [["counts", `${fmt.money(d.payments_cents)} paid of ${fmt.money(d.charges_cents)} charged`]],
  }),
  net_collection_rate: (d) => ({
    value: fmt.percent(d.net_collection_rate),
    detail: [["counts", `Contractual adjustments ${fmt.money(d.contractual_adjustments_cents)}`]],
  }),
  time_to_cash: (d) => ({
    value: fmt.days(d.time_to_cash.median_days),
    detail: [
      ["p90", `p90: ${fmt.days(d.time_to_cash.p90_days)}`],
      ["counts", `${fmt.count(d.time_to_cash.paid_claims)} paid claims`],
    ],
  }),
  revenue_at_risk: (d) => ({
    value: fmt.money(d.revenue_at_risk.revenue_at_risk_cents),
    detail: [
      ["denied", `Open denied ${fmt.money(d.revenue_at_risk.open_denied_cents)}`],
      ["aged", `Older than 120 days ${fmt.money(d.revenue_at_risk.older_than_120_days_cents)}`],
    ],
  }),
  outstanding_ar: (d) => ({
    value: fmt.money(d.outstanding_ar_cents),
    detail: [["patient", `Patient responsibility ${fmt.money(d.patient_responsibility_cents)}`]],
  }),
};

function fillCards(data) {
  for (const card of $$(".kpi", root)) {
    const { value, detail } = CARDS[card.dataset.kpi](data);
    $("[data-role=value]", card).textContent = value;
    replace(
      $("[data-role=detail]", card),
      detail.map(([role, text]) => h("span", { dataset: { role } }, text)),
    );
  }
  $("#as-of-note").textContent = `As of ${fmt.date(data.as_of)}`;
}

function drawDenials(result) {
  const rated = result.by_payer.filter((p) => p.denial_rate !== null);
  const top = rated.find((p) => p.denial_rate > 0);
  $("#top-denier").textContent = top
    ? `${top.payer} is denying the most: ${fmt.percent(top.denial_rate)} of adjudicated claims ` +
      `(${fmt.count(top.denied)} of ${fmt.count(top.adjudicated)}).`
    : "No adjudicated claim was denied for these filters.";
  $("#top-denier").dataset.payerId = top ? top.payer_id : "";
  draw($("#chart-denials"), {
    type: "bar",
    data: {
      labels: rated.map((p) => p.payer),
      datasets: [
        {
          label: "Denial rate (denied / adjudicated)",
          data: rated.map((p) => p.denial_rate),
          backgroundColor: rated.map((p) => (p === top ? HIGHLIGHT : BAR)),
        },
      ],
    },
    options: {
      indexAxis: "y",
      scales: { x: { beginAtZero: true, suggestedMax: 100, ticks: { callback: (v) => `${v}%` } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (c) => denialTooltip(rated[c.dataIndex]) } },
      },
    },
  });
}

function denialTooltip(p) {
  return `${fmt.percent(p.denial_rate)} (${p.denied} of ${p.adjudicated}); all claims ${fmt.percent(p.denial_rate_all_claims)}`;
}

function drawAging(result) {
  const buckets = result.buckets.map((b) => b.bucket);
  const basis = result.basis === "submission_date" ? "submission date" : "date of service";
  $("#aging-note").textContent =
    `By ${basis}, as of ${fmt.date(result.as_of)}: ${fmt.money(result.total_balance_cents)} outstanding.`;
  draw($("#chart-aging"), {
    type: "bar",
    data: {
      labels: buckets.map((b) => `${b} days`),
      datasets: result.by_payer.map((p, i) => ({
        label: p.payer,
        data: p.buckets.map((b) => b.balance_cents / 100),
        backgroundColor: PALETTE[i % PALETTE.length],
      })),
    },
    options: {
      scales: { x: { stacked: true }, y: { stacked: true, ...moneyAxis(fmt.money) } },
      plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${fmt.money(c.raw * 100)}` } } },
    },
  });
  fillRows(
    $("#aging-table tbody"),
    result.buckets.map((b) => [
      { text: b.bucket, header: true },
      { text: fmt.count(b.claims), class: "num" },
      { text: fmt.money(b.balance_cents), class: "num" },
    ]),
    "No outstanding balance.",
    3,
  );
}

const SCORECARD_COLUMNS = [
  { key: "payer", label: "Payer" },
  { key: "claims", label: "Claims", format: fmt.count, num: true },
  { key: "denial_rate", label: "Denial rate", format: fmt.percent, num: true },
  { key: "clean_claim_rate", label: "Clean-claim rate", format: fmt.percent, num: true },
  { key: "gross_collection_rate", label: "Gross collection", format: fmt.percent, num: true },
  { key: "charges_cents", label: "Charges", format: fmt.money, num: true },
  { key: "payments_cents", label: "Payments", format: fmt.money, num: true },
  { key: "open_ar_cents", label: "Open AR", format: fmt.money, num: true },
  { key: "ar_over_90_days_cents", label: "AR over 90 days", format: fmt.money, num: true },
  { key: "days_to_pay", label: "Days to pay", format: fmt.days, num: true },
];
const scorecards = { rows: [], key: "open_ar_cents", descending: true };

function sortedScorecards() {
  const { key, descending } = scorecards;
  const value = (row) => (row[key] === null ? -Infinity : row[key]);
  return [...scorecards.rows].sort((a, b) => {
    const order = typeof a[key] === "string" ? a[key].localeCompare(b[key]) : value(a) - value(b);
    return descending ? -order : order;
  });
}

function scorecardHeader() {
  return SCORECARD_COLUMNS.map((col) => {
    const active = scorecards.key === col.key;
    const sort = active ? (scorecards.descending ? "descending" : "ascending") : undefined;
    const button = h("button", { type: "button", class: "sort", onclick: () => sortBy(col.key) }, col.label);
    return h("th", { scope: "col", class: col.num ? "num" : undefined, "aria-sort": sort }, button);
  });
}

function sortBy(key) {
  scorecards.descending = scorecards.key === key ? !scorecards.descending : key !== "payer";
  scorecards.key = key;
  renderScorecards();
}

function renderScorecards() {
  replace($("#scorecards thead tr"), scorecardHeader());
  const rows = sortedScorecards().map((row) =>
    SCORECARD_COLUMNS.map((col) =>
      col.key === "payer"
        ? { header: true, node: h("button", { type: "button", class: "link", dataset: { payerId: row.payer_id },
            onclick: () => filterByPayer(row.payer_id) }, row.payer) }
        : { text: col.format(row[col.key]), class: "num" },
    ),
  );
  fillRows($("#scorecards tbody"), rows, "No claims for these filters.", SCORECARD_COLUMNS.length);
}

function drawReasons(result) {
  const causes = result.by_root_cause;
  draw($("#chart-reasons"), {
    type: "bar",
    data: {
      labels: causes.map((c) => c.root_cause),
      datasets: [{ label: "Denials", data: causes.map((c) => c.denials), backgroundColor: BAR }],
    },
    options: {
      indexAxis: "y",
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (c) => `${c.raw} denials, ${fmt.money(causes[c.dataIndex].amount_cents)}` } },
      },
    },
  });
}

function fillTopReasons(result) {
  const rows = result.by_payer_and_reason.slice(0, 10).map((r) => [
    r.payer,
    r.carc,
    { node: h("span", { title: `Category ${r.category}` }, r.root_cause) },
    { text: fmt.count(r.denials), class: "num" },
    { text: fmt.count(r.open), class: "num" },
    { text: fmt.money(r.amount_cents), class: "num" },
  ]);
  fillRows($("#top-reasons tbody"), rows, "No denials for these filters.", 6);
}

function readForm() {
  const data = new FormData(form);
  return Object.fromEntries(FILTERS.map((name) => [name, data.get(name) || ""]));
}

function filterByPayer(payerId) {
  form.elements.payer_id.value = payerId;
  refresh();
}

async function refresh() {
  const mine = ++generation;
  const filters = readForm();
  const query = writeQuery(filters);
  root.dataset.state = "loading";
  const current = (render) => (value) => mine === generation && render(value);
  const reasons = get("/analytics/denial-reasons", filters);
  reasons.catch(() => {}); // each panel below reports its own failure
  await Promise.all([
    loadPanel("kpis", me, async () => current(fillCards)(await get("/analytics/dashboard", filters))),
    loadPanel("denials-by-payer", me, async () => current(drawDenials)(await get("/analytics/denial-rate", filters))),
    loadPanel("aging", me, async () => current(drawAging)(await get("/analytics/aging", filters))),
    loadPanel("scorecards", me, async () => {
      const result = await get("/analytics/payer-scorecards", filters);
      current((r) => { scorecards.rows = r.payers; renderScorecards(); })(result);
    }),
    loadPanel("reasons", me, async () => current(drawReasons)(await reasons)),
    loadPanel("top-reasons", me, async () => current(fillTopReasons)(await reasons)),
  ]);
  if (mine === generation) {
    root.dataset.query = query;
    root.dataset.state = "ready";
  }
}

async function init(context) {
  me = context.me;
  const initial = readQuery(FILTERS);
  for (const name of FILTERS) form.elements[name].value = initial[name];
  try {
    fillPayerSelect(form.elements.payer_id, await payerNames(), initial.payer_id);
  } catch (error) {
    reportUnexpected(error);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    refresh();
  });
  form.addEventListener("change", () => refresh());
  $("#f-clear").addEventListener("click", () => {
    form.reset();
    refresh();
  });
  await refresh();
}

start(init);
