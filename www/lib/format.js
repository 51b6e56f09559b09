// Text formatting of the engine's decimal strings. Nothing here does
// arithmetic on money or points: the engine's exact strings are only
// regrouped ("1234.50" -> "$1,234.50"). Shared by the page and the Node CLI.

const SYMBOLS = { USD: "$", EUR: "€", GBP: "£", JPY: "¥", CAD: "CA$", AUD: "A$" };

/** "1234567.8" -> "1,234,567.8" (sign and fraction kept as written). */
export function groupDigits(dec) {
  const s = String(dec);
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = ""] = m;
  return sign + int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + frac;
}

/** Engine money text -> "$1,234.50"; negative as "−$5.00". */
export function money(dec, currency = "USD") {
  const s = String(dec);
  const neg = s.startsWith("-");
  const body = groupDigits(neg ? s.slice(1) : s);
  const sym = SYMBOLS[currency];
  const text = sym ? `${sym}${body}` : `${body} ${currency}`;
  return neg ? `−${text}` : text;
}

/** Engine point text -> "1,234". */
export function points(dec) {
  return groupDigits(dec);
}

/** "Stars" / "Star" for the amount (exactly "1" is singular). */
export function pointsLabel(dec, name = "Points") {
  if (String(dec) === "1" && name.endsWith("s")) return name.slice(0, -1);
  return name;
}

/** "243 Stars". */
export function pointsText(dec, name = "Points") {
  return `${points(dec)} ${pointsLabel(dec, name)}`;
}

/** A multiplier as printed by the engine ("1.25") -> "×1.25". */
export function times(dec) {
  return `×${dec}`;
}

const DATE = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric", year: "numeric" });
const DATE_TIME = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC", weekday: "short", month: "short", day: "numeric", year: "numeric",
  hour: "2-digit", minute: "2-digit", hour12: false,
});

/** "2026-12-10T11:05:00Z" -> "Dec 10, 2026" (UTC, as the engine's outputs). */
export function date(ts) {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? String(ts) : DATE.format(d);
}

/** "2026-11-24T10:00:00Z" -> "Tue, Nov 24, 2026, 10:00 UTC". */
export function dateTime(ts) {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? String(ts) : `${DATE_TIME.format(d)} UTC`;
}
