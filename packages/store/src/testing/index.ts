export { actorFor, SMALL } from "./fixtures.js";
export { closeTestStore, openTestStore, resetStore } from "./openTestStore.js";
export { refusalOf, seedSmall, storeErrorOf } from "./seedSmall.js";
export { type TestStoreSetup, tickingClock, useTestStore } from "./useTestStore.js";
