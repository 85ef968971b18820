// How the dashboard writes numbers: money arrives in integer cents, rates in percent (one decimal),
// and a KPI whose denominator is zero arrives as null and is shown as a dash, never as 0.

export const NONE = "—";

const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const whole = new Intl.NumberFormat("en-US");
const dateOnly = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

const missing = (value) => value === null || value === undefined;

export function money(cents) {
  return missing(cents) ? NONE : dollars.format(cents / 100);
}

export function percent(value) {
  return missing(value) ? NONE : `${Number(value).toFixed(1)}%`;
}

export function days(value) {
  return missing(value) ? NONE : `${Number(value).toFixed(1)} days`;
}

export function count(value) {
  return missing(value) ? NONE : whole.format(value);
}

export function date(iso) {
  if (!iso) return NONE;
  const parsed = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(parsed.getTime()) ? iso : dateOnly.format(parsed);
}

export function timestamp(iso) {
  if (!iso) return NONE;
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : dateTime.format(parsed);
}

const WORDS = { ar: "AR", carc: "CARC", rarc: "RARC", id: "id", npi: "NPI", era: "ERA" };

// "billing_manager" -> "Billing manager", "open_ar_cents" -> "Open AR".
export function humanize(key) {
  const words = String(key).replace(/_cents$/, "").split(/[_\s]+/).filter(Boolean);
  const text = words.map((w) => WORDS[w.toLowerCase()] || w.toLowerCase()).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function shortId(id) {
  return id ? String(id).slice(0, 8) : NONE;
}
