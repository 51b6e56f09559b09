// The bad-input table (tests/bad-inputs.json) and its generators, shared by
// tests/js/bad-inputs.test.mjs and scripts/fuzz (which seeds the fuzz corpora
// with its cases). Dependency-free.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const TABLE = JSON.parse(readFileSync(join(ROOT, "tests/bad-inputs.json"), "utf8"));
const JS_NUMBERS = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

const substitute = (v, i) =>
  typeof v === "string" ? v.replaceAll("{i}", String(i))
  : Array.isArray(v) ? v.map((x) => substitute(x, i))
  : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, i)]))
  : v;

/** The table's generators expanded; `native`: $js as the text String(n) (JSON has no NaN). */
export function expand(v, native = false) {
  if (Array.isArray(v)) return v.map((x) => expand(x, native));
  if (!v || typeof v !== "object") return v;
  if ("$repeat" in v) return Array.from({ length: v.count }, (_, i) => expand(substitute(v.$repeat, i), native));
  if ("$string" in v) return v.$string.repeat(v.count);
  if ("$nest" in v) {
    let x = [];
    for (let d = 1; d < v.$nest; d++) x = [x];
    return x;
  }
  if ("$js" in v) return native ? v.$js : JS_NUMBERS[v.$js];
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x, native)]));
}

/** Whether the case names one of the table's programmes (compiled once). */
export const named = (c) => typeof c.program === "string" && Object.hasOwn(TABLE.programs, c.program);

/** The case's cart, member and args, expanded. */
export function inputs(c, native = false) {
  const out = {};
  for (const key of ["cart", "member", "args"]) if (key in c) out[key] = expand(c[key], native);
  return out;
}

/**
 * The case as a §7 case for the native runner (JSON only: $js as text). A
 * programme error is raised before the op is looked at: fromJSON cases run as previewEarn.
 */
export function asNativeCase(c) {
  const program = named(c) ? TABLE.programs[c.program] : typeof c.program === "string" ? c.program : expand(c.program, true);
  return { op: c.op === "fromJSON" ? "previewEarn" : c.op, program, ...inputs(c, true) };
}
