// Type-checked by tests/types/run.mjs with lib ESNext.Disposable only (never
// run): where the consumer's lib has Symbol.dispose, a Program is Disposable.
import { Program } from "loyalty-engine";

export function compileAndDispose(text: string): string {
  using program = Program.fromJSON(text);
  const other = Program.fromJSON(text);
  other[Symbol.dispose]();
  const disposable: Disposable = program;
  void disposable;
  return program.previewEarn({ currency: "USD", lines: [] }).points;
}
