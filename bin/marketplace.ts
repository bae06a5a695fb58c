/** Entry of the `marketplace` CLI (bundled to dist/cli/marketplace.mjs; bin/marketplace.mjs runs it). */
import { CommanderError } from "commander";
import { reportError } from "@/lib/cli/cli-error";
import { createProgram } from "@/lib/cli/program";

const program = createProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; usage errors were already printed by commander.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportError(error, program.opts<{ verbose: number }>().verbose > 0);
  }
}
