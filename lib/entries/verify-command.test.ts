import { describe, expect, it } from "vitest";
import { downloadName, verifyCommand } from "./verify-command";

const SHA256 = "0".repeat(2) + "ab".repeat(31);

describe("verifyCommand", () => {
  it("checks the strongest checksum against the downloaded file", () => {
    const result = verifyCommand({
      checksums: [
        { algorithm: "SHA-1", value: "a".repeat(40) },
        { algorithm: "SHA-256", value: SHA256.toUpperCase() },
      ],
      locations: ["https://images.example.org/dir/ubuntu-24.04.img"],
    });
    expect(result).toMatchObject({ algorithm: "SHA-256", command: `echo '${SHA256}  ubuntu-24.04.img' | sha256sum -c` });
  });

  it("puts back the leading zeros the format allows to drop", () => {
    expect(verifyCommand({ checksums: [{ algorithm: "SHA-256", value: SHA256.replace(/^0+/, "") }], locations: [] })?.digest).toBe(SHA256);
  });

  it("decompresses a compressed image, since the checksums describe the uncompressed one", () => {
    const result = verifyCommand({
      checksums: [{ algorithm: "SHA-512", value: "c".repeat(128) }],
      locations: ["https://x.example/a.img.gz"],
      compression: "gz",
    });
    expect(result?.command).toBe(
      `gunzip -c a.img.gz | sha512sum | grep -qx '${"c".repeat(128)}  -' && echo OK || echo 'checksum mismatch'`,
    );
  });

  it("never lets metadata text reach the shell", () => {
    expect(downloadName("https://x.example/$(rm%20-rf%20~)';.img")).toMatch(/^[A-Za-z0-9._+-]+\.img$/);
    expect(downloadName("https://x.example/a%27b%60c%24d.img")).toBe("a_b_c_d.img");
    expect(downloadName("https://x.example/-rf")).toBe("rf");
    expect(downloadName("pdisk:1.2.3.4:8445:abc")).toBe("image");
    expect(verifyCommand({ checksums: [{ algorithm: "SHA-256", value: "zz'; rm -rf ~" }], locations: [] })).toBeUndefined();
  });
});
