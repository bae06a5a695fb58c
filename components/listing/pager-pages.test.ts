import { describe, expect, it } from "vitest";
import { visiblePages } from "./pager-pages";

describe("visiblePages", () => {
  it.each<[number, number, Array<number | "gap">]>([
    [1, 1, [1]],
    [1, 2, [1, 2]],
    [2, 2, [1, 2]],
    [1, 3, [1, 2, 3]],
    [1, 4, [1, 2, 3, 4]],
    [1, 5, [1, 2, "gap", 5]],
    [1, 10, [1, 2, "gap", 10]],
    // A gap of exactly one page shows that page: "1 … 3" would hide only 2.
    [4, 10, [1, 2, 3, 4, 5, "gap", 10]],
    [5, 10, [1, "gap", 4, 5, 6, "gap", 10]],
    [7, 10, [1, "gap", 6, 7, 8, 9, 10]],
    [10, 10, [1, "gap", 9, 10]],
    [3, 5, [1, 2, 3, 4, 5]],
  ])("page %d of %d", (current, count, expected) => {
    expect(visiblePages(current, count)).toEqual(expected);
  });

  it("shows only pages that exist, each once, in order, with the first, last and current", () => {
    for (let count = 1; count <= 12; count++) {
      for (let current = 1; current <= count; current++) {
        const pages = visiblePages(current, count).filter((p): p is number => p !== "gap");
        expect(pages).toEqual([...new Set(pages)].sort((a, b) => a - b));
        expect(pages.every((p) => p >= 1 && p <= count)).toBe(true);
        expect(pages).toEqual(expect.arrayContaining([1, count, current]));
      }
    }
  });
});
