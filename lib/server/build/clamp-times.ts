import "server-only";
/**
 * Part of the clean-up stage: every file, directory and symbolic link under `root` gets the same
 * access and modification time (the build's SOURCE_DATE_EPOCH), so an image made twice from the same
 * recipe is the same bytes whatever the clock said while it was built. `find` does not follow links
 * (-P) nor leave the filesystem (-xdev); `touch -h` changes a link itself. The image's files belong to
 * the build's id range, so the build runs this with imageRootRunner.
 */
import { hostRunner, type Runner } from "./sandbox";

export async function clampTimes(root: string, epochSeconds: number, run: Runner = hostRunner): Promise<void> {
  if (!Number.isSafeInteger(epochSeconds) || epochSeconds < 0) throw new Error("an epoch is a whole number of seconds");
  await run(["find", "-P", root, "-xdev", "-exec", "touch", "--no-dereference", `--date=@${epochSeconds}`, "{}", "+"], {
    timeoutMs: 600_000,
  });
}
