import type { Actor, ApiKey, Store } from "@3c/store";
import type { Logger } from "pino";

/** What every request handler can reach through `c.var`. */
export interface AppEnv {
  Variables: {
    readonly store: Store;
    readonly logger: Logger;
    readonly requestId: string;
    /** The caller's key, once authenticated. */
    readonly key: ApiKey;
    /** The caller as the store records it. */
    readonly actor: Actor;
  };
}
