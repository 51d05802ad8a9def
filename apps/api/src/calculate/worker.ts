/**
 * A calculation worker thread: answers `{ id, input }` messages with the calculation's JSON as UTF-8
 * bytes, handed over rather than copied, or its error in plain form (see {@link CalculationPool}).
 */
import { parentPort } from "node:worker_threads";
import { type CalculateRequest, calculate, toCalculationError } from "./calculation.js";

const encoder = new TextEncoder();

parentPort?.on("message", (message: { readonly id: number; readonly input: CalculateRequest }) => {
  try {
    const bytes = encoder.encode(calculate(message.input));
    parentPort?.postMessage({ id: message.id, bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: toCalculationError(error) });
  }
});
