/**
 * `@3c/api`: the HTTP API of 3c (Hono), a thin adapter between HTTP and `@3c/store` / `@3c/domain`.
 *
 * @packageDocumentation
 */
export { type AppOptions, createApp } from "./http/createApp.js";
export { allows, PERMISSIONS, type Permission } from "./http/entitlements.js";
export { API_PROBLEM_CODES, API_PROBLEMS, DOMAIN_PROBLEMS, STORE_PROBLEMS } from "./http/problemCodes.js";
