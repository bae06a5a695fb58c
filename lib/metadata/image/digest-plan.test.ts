import { describe, expect, it } from "vitest";
import { DIGEST_COST, planDigestWorkers, selectDigests } from "@/lib/metadata/image/digest-plan";

const sorted = (groups: string[][]) => groups.map((group) => [...group].sort()).sort();

describe("selectDigests", () => {
  it("defaults to all four and always includes SHA-1", () => {
    expect(selectDigests()).toEqual(["md5", "sha1", "sha256", "sha512"]);
    expect(selectDigests(["sha512", "md5"])).toEqual(["md5", "sha1", "sha512"]);
    expect(selectDigests([])).toEqual(["sha1"]);
  });
});

describe("planDigestWorkers", () => {
  it("pairs MD5 with SHA-1 and SHA-256 with SHA-512 on two threads, the most even split", () => {
    const plan = planDigestWorkers(selectDigests(), 2);
    expect(sorted(plan)).toEqual(
      sorted([
        ["md5", "sha1"],
        ["sha256", "sha512"],
      ]),
    );
    const costs = plan.map((group) => group.reduce((sum, name) => sum + DIGEST_COST[name], 0));
    expect(Math.max(...costs) / Math.min(...costs)).toBeLessThan(1.2);
  });

  it("gives each digest its own thread when there are enough", () => {
    expect(sorted(planDigestWorkers(selectDigests(), 8))).toEqual([["md5"], ["sha1"], ["sha256"], ["sha512"]]);
  });

  it("never starts a thread with nothing to do", () => {
    expect(planDigestWorkers(["sha1"], 2)).toEqual([["sha1"]]);
    expect(planDigestWorkers(selectDigests(), 1)).toHaveLength(1);
  });
});
