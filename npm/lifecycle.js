// The Program lifecycle and the LoyaltyError class of the npm package.
// Not a module of its own: scripts/build-pkg appends this text to each glue
// that wasm-bindgen writes (web/loyalty_engine.js, node/loyalty_engine.js),
// then the export line of that glue's module system. It uses two names of the glue's own scope:
// `Program` (the class) and `wasm` (the instance's exports, undefined
// until init()); build-pkg checks that both are still there.
//
// What it adds (issue 11): every misuse of a Program's lifecycle throws a
// LoyaltyError with code "invalid_state" and a message that says what to do,
// instead of wasm-bindgen's plain `Error: null pointer passed to rust` or a
// TypeError from inside the glue:
//   - a method called on a freed Program (free() or [Symbol.dispose]);
//   - free() called twice ([Symbol.dispose] on a freed Program does nothing,
//     so that `using` and an explicit free() can meet);
//   - new Program() (a Program comes from Program.fromJSON);
//   - Program.fromJSON before init() on the web and bundler builds;
//   - a method called on something that is not a Program (a detached method).

/**
 * What every operation of the package throws: a real Error, name
 * "LoyaltyError", with a stable `code`, the JSON `path` of the bad value
 * ("" when there is none) and a `message`. `instanceof LoyaltyError` checks
 * that shape, so it also recognises the errors of another copy of the package
 * (its CommonJS and ESM builds, two bundles on one page).
 */
class LoyaltyError extends Error {
  constructor(code, message, path = "") {
    super(message);
    Object.defineProperty(this, "name", { value: "LoyaltyError", writable: true, configurable: true });
    this.code = code;
    this.path = path;
  }

  static [Symbol.hasInstance](value) {
    // Subclasses keep the ordinary prototype check.
    if (this !== LoyaltyError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return isLoyaltyError(value);
  }
}

/** True when `value` is an error thrown by loyalty-engine (any copy of it). */
function isLoyaltyError(value) {
  return (value instanceof Error || Object.prototype.toString.call(value) === "[object Error]")
    && value.name === "LoyaltyError"
    && typeof value.code === "string"
    && typeof value.path === "string";
}

const __leInvalidState = (message) => new LoyaltyError("invalid_state", message);

/** The error of `new Program()` (build-pkg inserts the constructor that throws it). */
function __leNewProgram() {
  return __leInvalidState("new Program() is not supported: compile a program with Program.fromJSON(json), "
    + "once (e.g. at module level), and reuse it");
}

/** The error of a call on `self`, which holds no live wasm object. */
function __leNoProgram(self, method) {
  if (!(self instanceof Program)) {
    return __leInvalidState(`Program.prototype.${method} was called on ${self === undefined || self === null ? String(self) : "an object that is not a Program"}: `
      + `call it on a Program made by Program.fromJSON, as program.${method}(...) (or bind it to the Program)`);
  }
  if (method === "free") {
    return __leInvalidState("free() was called on a Program that is already freed: free a Program once, "
      + "or not at all (a Program dropped without free() is reclaimed by the garbage collector)");
  }
  return __leInvalidState(`${method}() was called on a Program that was freed (free() or [Symbol.dispose]): `
    + "compile a new one with Program.fromJSON, or keep this one and do not free it while it is in use "
    + "(in React, create it at module level, not in useMemo with free() in an effect cleanup; "
    + "a Program dropped without free() is reclaimed by the garbage collector)");
}

{
  const proto = Program.prototype;
  for (const method of Object.getOwnPropertyNames(proto)) {
    const call = proto[method];
    if (method === "constructor" || method.startsWith("__") || typeof call !== "function") continue;
    Object.defineProperty(proto, method, {
      value: {
        [method](...args) {
          if (!this?.__wbg_ptr) throw __leNoProgram(this, method);
          return call.apply(this, args);
        },
      }[method],
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  if (typeof Symbol.dispose === "symbol") {
    const free = proto.free;
    Object.defineProperty(proto, Symbol.dispose, {
      value: function dispose() {
        if (this instanceof Program && this.__wbg_ptr === 0) return; // already freed: nothing to do
        free.call(this);
      },
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  const compile = Program.fromJSON;
  Program.fromJSON = function fromJSON(program) {
    if (wasm === undefined) {
      throw __leInvalidState("loyalty-engine is not initialised: await init() once (e.g. at module level) "
        + "before Program.fromJSON, or call initSync({ module }) with the .wasm's bytes or WebAssembly.Module, "
        + "or import \"loyalty-engine/inline\", which needs no init()");
    }
    return compile.call(this, program);
  };
}
