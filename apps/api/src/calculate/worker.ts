/**
 * A calculation worker thread: answers `{ id, job }` messages with the calculation's JSON as UTF-8
 * bytes, handed over rather than copied, or its error in plain form (see {@link CalculationPool}).
 */
import { parentPort } from "node:worker_threads";
import { type Job, perform, toCalculationError } from "./calculation.js";

const encoder = new TextEncoder();

parentPort?.on("message", (message: { readonly id: number; readonly job: Job }) => {
  try {
    const bytes = encoder.encode(perform(message.job));
    parentPort?.postMessage({ id: message.id, bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: toCalculationError(error) });
  }
});
