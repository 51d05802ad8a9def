/** A running SHA-256 of the host's own crypto (Node's `Hash`). */
export interface NativeHash {
  update(data: string | Uint8Array): NativeHash;
  digest(encoding: "hex"): string;
}

/** Starts a host SHA-256. */
export type NativeSha256 = () => NativeHash;

const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

/**
 * Finds the host's synchronous SHA-256, if it has one: Node's `crypto.createHash`, reached through
 * `process.getBuiltinModule` (Node 20.16 and later) so that the domain imports nothing platform-
 * specific and still loads in a browser, where there is none and our own SHA-256 serves. It is used
 * only after it has given the FIPS 180-4 digest of "abc".
 *
 * @param host - the global object to look in (for tests)
 * @returns the host's SHA-256, or undefined
 */
export function findNativeSha256(host: unknown = globalThis): NativeSha256 | undefined {
  try {
    const proc = (host as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const crypto = proc?.getBuiltinModule?.("node:crypto") as
      | { createHash?: (algorithm: "sha256") => NativeHash }
      | undefined;
    const createHash = crypto?.createHash;
    if (typeof createHash !== "function") return undefined;
    if (createHash("sha256").update("abc").digest("hex") !== ABC) return undefined;
    return () => createHash("sha256");
  } catch {
    return undefined;
  }
}

/** The host's SHA-256 in this process, or undefined where there is none (browsers). */
export const nativeSha256: NativeSha256 | undefined = findNativeSha256();
