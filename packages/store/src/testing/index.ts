export { actorFor, SMALL } from "./fixtures.js";
export { MIGRATED_PGLITE, openMigratedPglite } from "./openMigratedPglite.js";
export { closeTestStore, openTestStore, resetStore, restoreStore, snapshotStore } from "./openTestStore.js";
export { refusalOf, seedSmall, storeErrorOf } from "./seedSmall.js";
export { type TestStoreSetup, tickingClock, useTestStore } from "./useTestStore.js";
