/**
 * `@3c/domain`: exact, explainable rules for the money and performance of services that public
 * bodies share. Pure: no I/O, no clock, no environment; plain data in, plain data out.
 *
 * @packageDocumentation
 */
export * from "./allocation/index.js";
export * from "./availability/index.js";
export * from "./errors/index.js";
export * from "./exact/index.js";
export * from "./fx/index.js";
export * from "./hash/index.js";
export * from "./kpi/index.js";
export * from "./money/index.js";
export * from "./period/index.js";
export * from "./recharge/index.js";
export * from "./report/index.js";
export * from "./run/index.js";
export * from "./savings/index.js";
export * from "./scenario/index.js";
export * from "./schema/index.js";
export * from "./support/index.js";
export { ENGINE_NAME, ENGINE_VERSION } from "./version.js";
