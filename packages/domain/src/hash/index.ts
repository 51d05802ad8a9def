export { canonicalJson } from "./canonicalJson.js";
export { ContentHasher, sha256Hex } from "./ContentHasher.js";
