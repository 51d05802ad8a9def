export { seedEntitlements } from "./seedEntitlements.js";
export { ictLine, openTestApp, seedSmall, type TestApp } from "./testApp.js";
