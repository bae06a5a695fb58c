/** Wall-clock timing of commands and functions, best of several runs. */
import { spawn } from "node:child_process";

export async function timeCommand(command: string, args: string[]): Promise<number> {
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"] });
    child.once("error", reject);
    child.once("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}`));
    });
  });
  return (performance.now() - start) / 1000;
}

export async function timeFunction(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

/** The fastest of `runs` runs, in seconds: the one least disturbed by other work on the machine. */
export async function bestOf(runs: number, measure: () => Promise<number>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) best = Math.min(best, await measure());
  return best;
}
