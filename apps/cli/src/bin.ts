/**
 * The `3c` command. Kept tiny: `--version` answers without loading anything else, and each command
 * loads only what it needs.
 */
import { CLI_VERSION } from "./version.js";

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${CLI_VERSION}\n`);
} else {
  const { main } = await import("./main.js");
  process.exitCode = await main(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
