import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CLI_ROOT, TSX } from "./runCli.js";

const API_MAIN = resolve(CLI_ROOT, "../api/src/main.ts");

/** The real API, running as its own process with a new data folder, seeded with the demo. */
export interface RealApi {
  /** Its base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The demo's API keys by `PARTNER role`, e.g. `HDC finance`, as the API printed them. */
  readonly keys: ReadonlyMap<string, string>;
  /**
   * Calls the demo partnership's API (`/v1/partnerships/3c` + path) with a demo key.
   *
   * @param key - whose key, e.g. `HDC finance`
   * @param method - the HTTP method
   * @param path - the path after the partnership's, e.g. `/runs`
   * @param body - the JSON body
   * @param ifMatch - the version the write expects, e.g. `"1"`
   * @returns the JSON answer
   * @throws Error when the API refuses
   */
  call(key: string, method: string, path: string, body?: unknown, ifMatch?: string): Promise<unknown>;
  stop(): void;
}

/**
 * Starts the real API (`apps/api/src/main.ts --demo`) on a free port and reads its keys.
 *
 * @returns the running API
 */
export function startRealApi(): Promise<RealApi> {
  return new Promise((done, fail) => {
    const child: ChildProcess = spawn(
      process.execPath,
      ["--conditions=@3c/source", "--import", TSX, API_MAIN, "--demo", "--port", "0"],
      {
        cwd: resolve(CLI_ROOT, "../api"),
        env: { PATH: process.env.PATH ?? "", DATA_DIR: mkdtempSync(join(tmpdir(), "3c-api-")), LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const keys = new Map<string, string>();
    let out = "";
    let err = "";
    child.stderr?.on("data", (b: Buffer) => {
      err += b.toString("utf8");
    });
    child.stdout?.on("data", (b: Buffer) => {
      out += b.toString("utf8");
      for (const m of out.matchAll(/^ {2}(\S+)\s+(\S+)\s+(3c_\S+)$/gm)) keys.set(`${m[1]} ${m[2]}`, m[3] as string);
      const port = /"port":(\d+)/.exec(out);
      if (port === null) return;
      const url = `http://127.0.0.1:${port[1]}`;
      const call = async (key: string, method: string, path: string, body?: unknown, ifMatch?: string) => {
        const res = await fetch(`${url}/v1/partnerships/3c${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${keys.get(key) ?? ""}`,
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
            ...(ifMatch === undefined ? {} : { "If-Match": ifMatch }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const json: unknown = await res.json();
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
        return json;
      };
      done({ url, keys, call, stop: () => child.kill("SIGTERM") });
    });
    child.on("error", fail);
    child.on("exit", (code) => fail(new Error(`the API stopped (${code}): ${out}${err}`)));
  });
}
