import "server-only";
/**
 * Part of the clean-up stage: every file, directory and symbolic link under `root` gets the same
 * access and modification time (the build's SOURCE_DATE_EPOCH), so an image made twice from the same
 * recipe is the same bytes whatever the clock said while it was built. Links are not followed.
 */
import fs from "node:fs/promises";
import path from "node:path";

export async function clampTimes(root: string, epochSeconds: number): Promise<number> {
  let count = 0;
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      await fs.lutimes(full, epochSeconds, epochSeconds);
      count += 1;
    }
  };
  await visit(root);
  await fs.lutimes(root, epochSeconds, epochSeconds);
  return count + 1;
}
