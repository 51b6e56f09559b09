// Test worker for tests/cross-runtime: POST / with a case (spec §7) answers
// the JSON of runCase: { result } or { error }.
import { Program } from "loyalty-engine";
import { runCase } from "./ops.mjs";

export default {
  async fetch(request) {
    if (request.method !== "POST") return new Response("POST a case", { status: 405 });
    return Response.json(runCase(Program, await request.json()));
  },
};
