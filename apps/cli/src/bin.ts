/**
 * The `3c` command. Kept tiny: `--version` answers without loading anything else, and each command
 * loads only what it needs.
 */
import { CLI_VERSION } from "./version.js";

// A reader that stops early (`3c schema | head`) closes the pipe: the rest of the output is not
// wanted, so stop quietly, as other command-line tools do, rather than crash with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
});

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${CLI_VERSION}\n`);
} else {
  // zod compiles a fast parser for each object schema the first time it is used: worth it where
  // the same shapes are parsed all day (the API), not in a command that validates one document
  // and exits. Off before the domain's schemas are built: parseScenario of the demo takes 36 ms
  // instead of 66 ms cold (and no longer warm either).
  const { config } = await import("zod");
  config({ jitless: true });
  const { main } = await import("./main.js");
  process.exitCode = await main(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
