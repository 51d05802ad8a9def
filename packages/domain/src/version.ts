/** Name of the engine recorded in every run. */
export const ENGINE_NAME = "@3c/domain";

/**
 * Version of the engine recorded in every run and hashed with its inputs. Kept equal to the
 * package version (a test checks), so a new release changes run hashes.
 */
export const ENGINE_VERSION = "0.0.0";
