import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listStoredRuns } from "./storedRun.js";

/** The requests the stand-in API was sent, and its listening URL. */
const asked: string[] = [];
let url = "";
// A stand-in for the API's runs list, paged as the API pages it: run-3 and run-2, then run-1.
const server = createServer((req, res) => {
  asked.push(req.url ?? "");
  const cursor = new URL(req.url ?? "", "http://x").searchParams.get("cursor");
  const page =
    cursor === null
      ? { items: [{ id: "run-3" }, { id: "run-2" }], nextCursor: "run-2" }
      : { items: [{ id: "run-1" }], nextCursor: null };
  res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(page));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the stored runs", () => {
  it("are every page of the API's list, in its order, each asked for as large as the API allows", async () => {
    const runs = await listStoredRuns({ url, key: "3c_test" }, "/v1/partnerships/3c", "2024/25-Q3");
    expect(runs.map((r) => r.id)).toEqual(["run-3", "run-2", "run-1"]);
    expect(asked).toEqual([
      "/v1/partnerships/3c/runs?period=2024-25-Q3&limit=10000",
      "/v1/partnerships/3c/runs?period=2024-25-Q3&limit=10000&cursor=run-2",
    ]);
  });
});
