export { ContentHasher, sha256Hex } from "./ContentHasher.js";
export { canonicalJson } from "./canonicalJson.js";
export { sortedBy } from "./sortedBy.js";
