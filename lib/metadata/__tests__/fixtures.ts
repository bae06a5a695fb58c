/** Paths and readers for the StratusLab reference files copied under __fixtures__/stratuslab. */
import fs from "node:fs";
import path from "node:path";

export const FIXTURES = path.resolve(import.meta.dirname, "../__fixtures__/stratuslab");

export function fixturePath(relative: string): string {
  return path.join(FIXTURES, relative);
}

export function readFixture(relative: string): Buffer {
  return fs.readFileSync(fixturePath(relative));
}

export function listFixtures(): string[] {
  return ["metadata", "marketplace", "client"].flatMap((dir) =>
    fs
      .readdirSync(path.join(FIXTURES, dir))
      .filter((f) => f.endsWith(".xml"))
      .map((f) => `${dir}/${f}`),
  );
}
