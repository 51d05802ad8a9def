/** The version of `3c`, kept equal to apps/cli/package.json (a test checks). */
export const CLI_VERSION = "0.0.0";
