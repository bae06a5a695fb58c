/**
 * A second process for the PGlite lock tests: opens the embedded database in the data directory given
 * as argument, then closes it, or with `hold` keeps it open until killed. Exits 1 with the error
 * message on stderr when it cannot open. Run with `node --conditions=react-server --import tsx`.
 */
import { openPglite } from "../open";

const [dataDir, mode] = process.argv.slice(2);
try {
  const handle = await openPglite(dataDir);
  process.stdout.write("opened\n");
  if (mode === "hold") await new Promise(() => undefined);
  await handle.close();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
