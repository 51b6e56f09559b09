// Loyalty at the edge:
//   POST /preview  { cart, member?, now? }
//     200 { earn, offers }   earn = previewEarn, offers = redemptionOptions
//   POST /checkout { cart, member?, selections?, now? }
//     200 the order summary (checkout, spec §9.5): total, perks, rewards, points
//   400 { code, path, message }   a LoyaltyError (bad cart, member, now...)
//                                 or a body that is not a JSON object
//   405 on a route with another method, 404 elsewhere (same JSON shape).
// Runs in workerd / Cloudflare Workers: "loyalty-engine" resolves to the
// package's `workerd` entry, which instantiates the wasm at module load.
import init, { Program } from "loyalty-engine";
import PROGRAM from "./program.json";

await init(); // a no-op on workerd; kept so the file also runs on the web target

// Compiled once per isolate, when the module loads, and reused by every
// request this isolate serves: evaluation does no parsing. A broken program
// fails here, at deploy time, not on the first request.
const program = Program.fromJSON(PROGRAM);

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** The engine throws Errors named "LoyaltyError" carrying a string `code` and `path`. */
function isLoyaltyError(e) {
  return e instanceof Error && e.name === "LoyaltyError" && typeof e.code === "string" && typeof e.path === "string";
}

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname !== "/preview" && pathname !== "/checkout") {
      return json(404, { code: "not_found", path: "", message: `no route ${pathname}; POST /preview or /checkout` });
    }
    if (request.method !== "POST") {
      return json(405, { code: "method_not_allowed", path: "", message: `${request.method} ${pathname}: use POST` }, { allow: "POST" });
    }

    let body;
    try {
      body = await request.json();
    } catch {
      return json(400, { code: "invalid_json", path: "", message: "the request body is not JSON" });
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      return json(400, { code: "invalid_argument", path: "", message: "the request body must be an object { cart, member, now }" });
    }

    const { cart, member = null, selections = null, now = null } = body;
    try {
      const options = { now }; // null: the engine reads the clock
      if (pathname === "/checkout") {
        return json(200, program.checkout(member, cart, selections, options));
      }
      const earn = program.previewEarn(cart, member, options);
      const offers = program.redemptionOptions(member, cart, options);
      return json(200, { earn, offers });
    } catch (e) {
      if (isLoyaltyError(e)) return json(400, { code: e.code, path: e.path, message: e.message });
      console.error(e);
      return json(500, { code: "internal", path: "", message: "internal error" });
    }
  },
};
