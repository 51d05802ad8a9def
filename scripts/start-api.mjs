// `npm start`, `npm run api:demo`, `npm run api:start`: the API from its TypeScript sources (tsx), in
// `apps/api` (so its default data directory is `apps/api/.3c-data`), with these arguments passed on.
//
// Why not `npm start --workspace @3c/api`: npm passes SIGTERM on to the shell that runs a script, and
// the shell dies of it without passing it on, so `kill <npm's pid>` (what a supervisor or `docker
// stop` does) left the server running, holding its port and its embedded database. This launcher is
// what npm's shell runs: it passes SIGINT, SIGTERM and SIGHUP on to the server, and when its parent
// shell dies (its parent process changes) it stops the server with SIGTERM, the server's graceful
// shutdown. It exits with the server's exit code. Plain JavaScript: it runs before anything is built.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const apiDir = join(dirname(fileURLToPath(import.meta.url)), "..", "apps", "api");
const server = spawn(
  process.execPath,
  ["--conditions=@3c/source", "--import", "tsx", "src/main.ts", ...process.argv.slice(2)],
  { cwd: apiDir, stdio: "inherit" },
);

let stopped = false;
function stop(signal) {
  stopped = true;
  if (server.exitCode === null && server.signalCode === null) server.kill(signal);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));

// `process.ppid` is read afresh each time: it changes when the parent dies and this process is
// handed to init (or a subreaper).
const parent = process.ppid;
const watch = setInterval(() => {
  if (!stopped && process.ppid !== parent) stop("SIGTERM");
}, 250);

server.on("exit", (code, signal) => {
  clearInterval(watch);
  process.exitCode = code ?? (signal === null ? 1 : 128 + (signalNumbers[signal] ?? 0));
});
server.on("error", (error) => {
  clearInterval(watch);
  process.stderr.write(`3c: could not start the API: ${error.message}\n`);
  process.exitCode = 1;
});

const signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
