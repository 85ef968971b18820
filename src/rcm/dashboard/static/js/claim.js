// One claim: its header and lines, what was paid and adjusted, its denials, and the timeline of
// everything that happened to it (who, when, what changed, why, which X12 document).

import { get } from "./api.js";
import { $, fillRows, h, replace, statusBadge } from "./dom.js";
import * as fmt from "./format.js";
import { loadPanel, start, userNames } from "./shell.js";

const root = $("#claim");
const claimId = root.dataset.claimId;
const NOT_FOUND = "No such claim in your organization.";
const FOLLOW_UPS_MISSING = "Follow-ups are not available on this server yet.";
const ACTIONS = {
  "claim.created": "Claim created",
  "claim.updated": "Claim edited",
  "claim.scrub_passed": "Passed scrubbing",
  "claim.submit": "Submitted to the clearinghouse",
  "claim.resubmit": "Resubmitted",
  "claim.acknowledged": "Acknowledged by the clearinghouse (999)",
  "claim.accept": "Accepted by the payer",
  "claim.reject": "Rejected",
  "claim.correct": "Reopened for correction",
  "claim.remittance_posted": "Remittance posted",
  "claim.signed_off": "Coding signed off",
  "claim.cancel": "Voided",
  "claim.follow_up": "Followed up with the payer",
};

async function optional(path, describe) {
  try {
    return describe(await get(path));
  } catch (error) {
    if ([403, 404].includes(error.status)) return null;
    throw error;
  }
}

const personName = (p) => `${p.last_name}, ${p.first_name} (account ${p.account_number})`;
const providerName = (p) => `${[p.first_name, p.name].filter(Boolean).join(" ")} (NPI ${p.npi})`;

async function fillHeader(claim) {
  const [patient, payer, rendering] = await Promise.all([
    optional(`/patients/${claim.patient_id}`, personName),
    optional(`/payers/${claim.payer_id}`, (p) => p.name),
    optional(`/providers/${claim.rendering_provider_id}`, providerName),
  ]);
  $("#claim-title").textContent = claim.patient_control_number;
  replace($("#claim-status"), statusBadge(claim.status));
  facts($("#claim-facts"), [
    ["Patient", patient || fmt.shortId(claim.patient_id)],
    ["Payer", `${payer || fmt.shortId(claim.payer_id)} (${claim.payer_sequence})`],
    ["Rendering provider", rendering || fmt.shortId(claim.rendering_provider_id)],
    ["Dates of service", `${fmt.date(claim.service_date_from)} – ${fmt.date(claim.service_date_to)}`],
    ["Claim type", `${claim.claim_type}, place of service ${claim.place_of_service}`],
    ["Diagnoses", claim.diagnosis_codes.join(", ")],
    ["Submitted", fmt.timestamp(claim.submitted_at)],
    ["Payer claim number", claim.payer_claim_control_number || fmt.NONE],
    ["Clearinghouse tracking", claim.clearinghouse_tracking_id || fmt.NONE],
    ["Prior authorization", claim.prior_authorization_number || fmt.NONE],
    ["Version", claim.version],
  ]);
  facts($("#claim-money"), [
    ["Charge", fmt.money(claim.charge_cents)],
    ["Allowed", fmt.money(claim.allowed_cents)],
    ["Paid", fmt.money(claim.paid_cents)],
    ["Adjusted", fmt.money(claim.adjustment_cents)],
    ["Patient responsibility", fmt.money(claim.patient_responsibility_cents)],
    ["Balance", fmt.money(claim.balance_cents)],
  ]);
}

function facts(list, pairs) {
  replace(list, pairs.map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, value))));
}

async function fillSteps() {
  const result = await get(`/claims/${claimId}/transitions`);
  const steps = result.allowed.map((t) => h("li", {}, `${fmt.humanize(t.event)} → `, h("strong", {}, t.to), ` (${t.how})`));
  replace($("#claim-steps"), steps.length ? steps : [h("li", {}, "None: this claim is closed.")]);
}

function fillLines(claim) {
  const rows = claim.lines.map((l) => [
    l.line_number,
    l.procedure_code,
    l.modifiers.join(" ") || fmt.NONE,
    l.diagnosis_pointers.join(", "),
    { text: l.units, class: "num" },
    fmt.date(l.service_date),
    ...[l.charge_cents, l.allowed_cents, l.paid_cents, l.patient_responsibility_cents, l.adjustment_cents].map(
      (c) => ({ text: fmt.money(c), class: "num" }),
    ),
  ]);
  fillRows($("#lines-table tbody"), rows, "No service lines.", 11);
}

async function fillPayments(lineNumbers) {
  const result = await get(`/claims/${claimId}/payments`);
  const payments = result.payments.map((p) => [
    fmt.timestamp(p.posted_at),
    p.payer_name || fmt.NONE,
    `${p.method}${p.is_reversal ? " (reversal)" : ""}`,
    p.era_trace_number || fmt.NONE,
    { text: fmt.money(p.amount_cents), class: "num" },
  ]);
  fillRows($("#payments-table tbody"), payments, "No payment posted yet.", 5);
  const line = (a) => (a.claim_line_id ? lineNumbers.get(a.claim_line_id) || 0 : 0);
  const sorted = [...result.adjustments].sort((a, b) => line(a) - line(b) || a.group_code.localeCompare(b.group_code));
  const adjustments = sorted.map((a) => [
    `${a.group_code}-${a.carc}`,
    a.kind,
    a.claim_line_id ? lineNumbers.get(a.claim_line_id) || fmt.NONE : "claim",
    { text: fmt.money(a.amount_cents), class: "num" },
  ]);
  fillRows($("#adjustments-table tbody"), adjustments, "No adjustment.", 4);
}

async function fillDenials() {
  const denials = await get(`/claims/${claimId}/denials`);
  const rows = denials.map((d) => [
    [`${d.group_code}-${d.carc}`, ...d.rarcs].join(" "),
    d.reason,
    `${d.root_cause} (${d.category})`,
    { text: fmt.money(d.amount_cents), class: "num" },
    d.appeal_status,
    fmt.date(d.appeal_deadline),
    d.is_open ? "open" : "closed",
  ]);
  fillRows($("#denials-table tbody"), rows, "This claim has no denial.", 7);
}

async function fillFollowUps(me, names) {
  const actions = await get(`/claims/${claimId}/follow-ups`);
  const rows = actions.map((a) => [
    fmt.timestamp(a.performed_at),
    actorName(a.performed_by, null, me, names),
    fmt.humanize(a.channel),
    fmt.humanize(a.outcome),
    a.note || fmt.NONE,
    fmt.date(a.next_follow_up_on),
    fmt.date(a.promised_payment_on),
  ]);
  fillRows($("#follow-ups-table tbody"), rows, "Nobody has followed up on this claim yet.", 7);
}

// ----- timeline -----

function actorName(id, roleName, me, names) {
  if (!id) return "System (automatic processing)";
  const role = roleName ? fmt.humanize(roleName) : "";
  const name = names.get(id);
  const label = name && role ? `${name} (${role})` : name || role;
  if (id === me.user_id) return label ? `${label} (you)` : "You";
  if (name) return label;
  return role ? `${role} · user ${fmt.shortId(id)}` : `User ${fmt.shortId(id)}`;
}

// The history carries each actor's name; the admin-only user list is a fallback.
function withName(names, event) {
  if (!event.actor_name || names.has(event.actor_id)) return names;
  return new Map([...names, [event.actor_id, event.actor_name]]);
}

const isObject = (v) => v !== null && typeof v === "object";

function describeValue(key, value) {
  if (value === null || value === undefined || value === "") return fmt.NONE;
  if (key.endsWith("_cents") && typeof value === "number") return fmt.money(value);
  const text = isObject(value) ? JSON.stringify(value) : String(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function changeItems(changes) {
  return Object.entries(changes)
    .filter(([key]) => key !== "status")
    .map(([key, value]) => {
      const pair = Array.isArray(value) && value.length === 2 && !(isObject(value[0]) && isObject(value[1]));
      const text = pair
        ? `${describeValue(key, value[0])} → ${describeValue(key, value[1])}`
        : describeValue(key, value);
      return h("li", {}, h("span", { class: "field" }, fmt.humanize(key)), ": ", text);
    });
}

// A timeline's document is an X12 file (batch) or, for a posted 835, the remittance itself.
async function resolveDocument(id, permissions) {
  const mayReadFiles = permissions.includes("batches.read");
  if (mayReadFiles) {
    const batch = await optional(`/batches/${id}`, (b) => b);
    if (batch) return { label: `${batch.kind} ${batch.direction} · ${batch.filename}`, fileId: batch.id };
  }
  if (!permissions.includes("payments.read")) return null;
  const era = await optional(`/remittances/${id}`, (r) => r.remittance);
  if (!era) return null;
  const label = `835 remittance · trace ${era.trace_number} · ${fmt.money(era.payment_cents)}`;
  return { label, fileId: mayReadFiles ? era.batch_id : null };
}

async function documentLabels(events, me) {
  const ids = [...new Set(events.map((e) => e.source_document_id).filter(Boolean))];
  const found = await Promise.all(ids.map((id) => resolveDocument(id, me.permissions || [])));
  return new Map(ids.map((id, i) => [id, found[i]]));
}

function documentNode(id, doc) {
  if (!doc) return h("span", { class: "mono" }, id);
  if (!doc.fileId) return h("span", { class: "mono" }, doc.label);
  const target = h("pre", { class: "x12", hidden: true });
  const button = h("button", { type: "button", class: "button-quiet", "aria-expanded": "false" }, "Show file");
  button.addEventListener("click", async () => {
    const open = target.hidden;
    if (open && !target.textContent) {
      try {
        const text = await get(`/batches/${doc.fileId}/content`, {}, "text/plain");
        target.textContent = text.replaceAll("~", "~\n");
      } catch (error) {
        target.textContent = `The file could not be loaded: ${error.message}`;
      }
    }
    target.hidden = !open;
    button.textContent = open ? "Hide file" : "Show file";
    button.setAttribute("aria-expanded", String(open));
  });
  return h("span", {}, h("span", { class: "mono" }, doc.label), " ", button, target);
}

function timelineEntry(event, me, names, documents) {
  const status = event.changes.status;
  const items = changeItems(event.changes);
  return h(
    "li",
    { class: "event", dataset: { action: event.action, seq: event.seq } },
    h(
      "p",
      { class: "event-head" },
      h("time", { datetime: event.occurred_at }, fmt.timestamp(event.occurred_at)),
      " ",
      h("strong", { class: "event-what" }, ACTIONS[event.action] || fmt.humanize(event.action.replace(/^claim\./, ""))),
      Array.isArray(status) && status[1] ? h("span", { class: "transition" }, `${status[0] || "new"} → ${status[1]}`) : null,
    ),
    h("p", { class: "event-who" }, "By ", actorName(event.actor_id, event.actor_role, me, withName(names, event))),
    event.reason ? h("p", { class: "event-why" }, "Why: ", event.reason) : null,
    event.source_document_id
      ? h("p", { class: "event-doc" }, "Document: ", documentNode(event.source_document_id, documents.get(event.source_document_id)))
      : null,
    items.length
      ? h("details", {}, h("summary", {}, `What changed (${items.length})`), h("ul", { class: "changes" }, items))
      : null,
  );
}

async function fillTimeline(me, names) {
  const events = await get(`/claims/${claimId}/history`);
  const documents = await documentLabels(events, me);
  const entries = events.map((e) => timelineEntry(e, me, names, documents));
  replace($("#timeline"), entries.length ? entries : [h("li", {}, "Nothing recorded yet.")]);
}

async function init({ me }) {
  let claim = null;
  const found = await loadPanel("header", me, async () => {
    claim = await get(`/claims/${claimId}`);
    await Promise.all([fillHeader(claim), fillSteps()]);
  }, { notFound: NOT_FOUND });
  if (!found) {
    root.dataset.state = "error";
    return;
  }
  const lineNumbers = new Map(claim.lines.map((l) => [l.id, l.line_number]));
  const names = await userNames(me);
  await Promise.all([
    loadPanel("lines", me, async () => fillLines(claim)),
    loadPanel("payments", me, () => fillPayments(lineNumbers)),
    loadPanel("denials", me, fillDenials),
    loadPanel("follow-ups", me, () => fillFollowUps(me, names), { notFound: FOLLOW_UPS_MISSING }),
    loadPanel("timeline", me, () => fillTimeline(me, names)),
  ]);
  root.dataset.state = "ready";
}

start(init);
