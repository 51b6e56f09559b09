// Exact decimal sums for the few places where the storefront has to combine
// engine amounts itself (order subtotal, discounts handed back to the engine
// as `orderDiscount`). BigInt on scaled integers: never a JS float.

function parse(dec) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(dec));
  if (!m) throw new TypeError(`not a decimal: ${dec}`);
  const frac = m[3] || "";
  const n = BigInt(m[2] + frac);
  return { n: m[1] ? -n : n, scale: frac.length };
}

function align(a, b) {
  const scale = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(scale - a.scale), b.n * 10n ** BigInt(scale - b.scale), scale];
}

function print(n, scale) {
  const neg = n < 0n;
  let s = (neg ? -n : n).toString().padStart(scale + 1, "0");
  if (scale > 0) s = `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  return (neg && n !== 0n ? "-" : "") + s;
}

/** a + b, printed with the larger number of places of the two. */
export function add(a, b) {
  const [x, y, scale] = align(parse(a), parse(b));
  return print(x + y, scale);
}

/** a − b. */
export function sub(a, b) {
  const [x, y, scale] = align(parse(a), parse(b));
  return print(x - y, scale);
}

/** Sum of a list ("0" when empty), at least `places` places. */
export function sum(list, places = 0) {
  return list.reduce((acc, v) => add(acc, v), places > 0 ? `0.${"0".repeat(places)}` : "0");
}

/** -1, 0 or 1. */
export function cmp(a, b) {
  const [x, y] = align(parse(a), parse(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Multiples of `step` from `min` (rounded up to a multiple) to `max`, as integers text; at most `limit`. */
export function multiples(step, min, max, limit = 200) {
  const st = BigInt(step), hi = BigInt(max);
  let v = BigInt(min);
  if (v < st) v = st;
  if (v % st !== 0n) v += st - (v % st);
  const out = [];
  for (; v <= hi && out.length < limit; v += st) out.push(v.toString());
  return out;
}
