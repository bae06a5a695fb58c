import { describe, expect, it } from "vitest";
import { parseS3Url } from "./s3-url";

describe("parseS3Url", () => {
  it("reads AWS and S3-compatible locations", () => {
    expect(parseS3Url("s3://my-images")).toEqual({ bucket: "my-images", prefix: "" });
    expect(parseS3Url("s3://my-images/market/place")).toEqual({ bucket: "my-images", prefix: "market/place/" });
    expect(parseS3Url("https://s3.example.org:9000/images/mp/")).toEqual({
      endpoint: "https://s3.example.org:9000",
      bucket: "images",
      prefix: "mp/",
    });
    expect(parseS3Url("http://127.0.0.1:4569/builds")).toEqual({ endpoint: "http://127.0.0.1:4569", bucket: "builds", prefix: "" });
  });

  it("refuses what would go wrong later, saying why", () => {
    expect(parseS3Url("nonsense")).toMatch(/not a URL/);
    expect(parseS3Url("s3://key:secret@bucket/x")).toMatch(/credentials/);
    expect(parseS3Url("https://s3.example.org/")).toMatch(/not a bucket name/);
    expect(parseS3Url("s3://Bad_Bucket")).toMatch(/not a bucket name/);
    expect(parseS3Url("ftp://host/bucket")).toMatch(/must start with/);
    expect(parseS3Url("https://host/bucket?region=x")).toMatch(/query/);
    // URL parsing resolves dot segments itself; whatever is left never climbs out of the prefix.
    expect(JSON.stringify(parseS3Url("s3://bucket/a/%2E%2E/b"))).not.toContain("..");
  });
});
