/**
 * A calculation worker thread: answers `{ id, input }` messages with the calculation's JSON text or
 * its error in plain form (see {@link CalculationPool}).
 */
import { parentPort } from "node:worker_threads";
import { type CalculateRequest, calculate, toCalculationError } from "./calculation.js";

parentPort?.on("message", (message: { readonly id: number; readonly input: CalculateRequest }) => {
  try {
    parentPort?.postMessage({ id: message.id, json: calculate(message.input) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: toCalculationError(error) });
  }
});
