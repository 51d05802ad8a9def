/**
 * The platform's own figures for `npm run bench:api`: Node's bare `node:http`, no framework, no
 * middleware, no key, no schema check, no database. `GET /` answers the API's trivial route's bytes;
 * `POST /v1/calculate` reads the body, parses it and runs the API's own `calculate()` (the domain's
 * `parseScenario`, `rechargeRun` and the JSON of the run); `POST /floor` reads and parses the body and
 * answers the bytes the first calculate gave. What calculate reaches here against the trivial route
 * is what the calculation allows whatever the server around it; started by http.bench.ts, not a
 * server to use.
 *
 * Prints `3c API:  http://127.0.0.1:<port>` as the other servers do.
 */
import { createServer } from "node:http";
import { type CalculateRequest, calculate } from "../src/calculate/calculation.js";

const trivial = Buffer.from(
  JSON.stringify({ name: "3c API", docs: "/docs", openapi: "/openapi.json", health: "/health" }),
);
let first: Buffer | undefined;

function answer(res: import("node:http").ServerResponse, status: number, bytes: Buffer): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": bytes.length });
  res.end(bytes);
}

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/") return answer(res, 200, trivial);
  if (req.method !== "POST" || (req.url !== "/v1/calculate" && req.url !== "/floor"))
    return answer(res, 404, Buffer.from("{}"));
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as CalculateRequest;
      if (req.url === "/floor" && first !== undefined) return answer(res, 200, first);
      const bytes = Buffer.from(calculate(body));
      first ??= bytes;
      answer(res, 200, bytes);
    } catch (error) {
      answer(res, 500, Buffer.from(JSON.stringify({ error: String(error) })));
    }
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`3c API:  http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
