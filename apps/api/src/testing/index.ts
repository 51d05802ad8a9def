export { demoYearCharges } from "./demoYearCharges.js";
export { handOverDemo } from "./handOverDemo.js";
export { indexDemoSavings } from "./indexDemoSavings.js";
export { seedDemoLaterYear } from "./seedDemoLaterYear.js";
export { seedEntitlements } from "./seedEntitlements.js";
export { serviceFromApril2025 } from "./serviceFromApril2025.js";
export { ictLine, openTestApp, seedDemo, seedSmall, type TestApp, type TestAppOptions } from "./testApp.js";
export { type KeySpec, type SharedTestApp, type TestAppSetup, useTestApp } from "./useTestApp.js";
