# workerd configuration of the edge-worker example, reading the package from
# pkg/ (build it first: scripts/build-pkg). From the repository root:
#   node_modules/.bin/workerd serve examples/edge-worker/config.capnp
#   curl -s -X POST localhost:8787/preview -d @examples/edge-worker/request.json
# workerd does no package resolution: every module is listed, named by a path,
# and "loyalty-engine" is an alias of the package's workerd entry (wrangler does
# this by itself from the package's `exports`, the `workerd` condition).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "edge-worker", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "edge-worker") ],
);

const worker :Workerd.Worker = (
  compatibilityDate = "2026-11-01",
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "program.json", json = embed "program.json"),
    (name = "loyalty-engine",
     esModule = "export * from \"pkg/workerd/index.js\"; export { default } from \"pkg/workerd/index.js\";"),
    (name = "pkg/workerd/index.js", esModule = embed "../../pkg/workerd/index.js"),
    (name = "pkg/web/loyalty_engine.js", esModule = embed "../../pkg/web/loyalty_engine.js"),
    (name = "pkg/node/loyalty_engine_bg.wasm", wasm = embed "../../pkg/node/loyalty_engine_bg.wasm"),
  ],
);
