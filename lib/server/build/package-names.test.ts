import { describe, expect, it } from "vitest";
import { indexOf, suggestPackages, unknownPackages } from "./package-names";

const index = indexOf(["nginx-light", "hello", "nginx", "", "nginx-common", "hello-traditional", "ngircd", "zsh", "nginx"]);

describe("the build host's package names", () => {
  it("suggests names starting with what was typed, in order, up to the limit", () => {
    expect(suggestPackages(index, "ngi", 10)).toEqual(["nginx", "nginx-common", "nginx-light", "ngircd"]);
    expect(suggestPackages(index, "nginx", 2)).toEqual(["nginx", "nginx-common"]);
    expect(suggestPackages(index, "hello-", 10)).toEqual(["hello-traditional"]);
    expect(suggestPackages(index, "zzz", 10)).toEqual([]);
    expect(suggestPackages(index, "a", 10)).toEqual([]);
  });

  it("names the unknown ones with their place in the list", () => {
    expect(unknownPackages(index, ["hello", "helo", "zsh", "nginx-ful"])).toEqual([
      { at: 1, name: "helo" },
      { at: 3, name: "nginx-ful" },
    ]);
    expect(unknownPackages(index, [])).toEqual([]);
  });
});
