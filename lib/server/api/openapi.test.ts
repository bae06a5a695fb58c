import { describe, expect, it } from "vitest";
import { apiErrorSchema, dryRunReportSchema, uploadResultSchema } from "@/lib/entries/api-responses";
import { UPLOAD_MESSAGES } from "@/lib/entries/upload-messages";
import { errorStatus } from "@/lib/errors";
import { openApiDocument } from "./openapi";

type Schemas = Record<string, { properties?: Record<string, { enum?: unknown[]; properties?: Record<string, { enum?: unknown[] }> }> }>;

const document = openApiDocument("http://127.0.0.1:1") as { components: { schemas: Schemas } };
const schemas = document.components.schemas;

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (value && typeof value === "object") {
    for (const [name, child] of Object.entries(value)) {
      if (name === "$ref" && typeof child === "string") found.push(child);
      else refs(child, found);
    }
  }
  return found;
}

describe("the OpenAPI document", () => {
  it("refers only to components it has", () => {
    const missing = refs(document).filter((ref) => !(ref.replace("#/components/schemas/", "") in schemas));
    expect(missing).toEqual([]);
  });

  it("describes the upload and error bodies from the schemas the handlers are typed by", () => {
    expect(schemas.UploadResult?.properties?.outcome?.enum).toEqual(["created", "unchanged"]);
    expect(schemas.UploadResult?.properties?.message?.enum).toEqual([UPLOAD_MESSAGES.created, UPLOAD_MESSAGES.unchanged]);
    expect(schemas.DryRunReport?.properties?.outcome?.enum).toEqual(["would-create", "would-be-unchanged", "refused"]);
    expect(schemas.Error?.properties?.error?.properties?.code?.enum).toEqual(Object.keys(errorStatus));
    expect(Object.keys(schemas.UploadResult?.properties ?? {})).toEqual(Object.keys(uploadResultSchema.shape));
    expect(Object.keys(schemas.DryRunReport?.properties ?? {})).toEqual(Object.keys(dryRunReportSchema.shape));
  });

  it("advertises only error codes something throws", () => {
    for (const code of ["not_acceptable", "request_timeout", "verification_timeout"]) expect(Object.keys(errorStatus)).not.toContain(code);
  });

  it("accepts what the handlers send and refuses an outcome the server never sends", () => {
    const key = { identifier: "BEE8-MMAw-Lk_IgsEExAy3d9R8h", email: "jane.tester@example.org", created: "2014-03-08T14:10:40Z" };
    const stored = { key, url: "http://127.0.0.1/metadata/x", outcome: "created", message: UPLOAD_MESSAGES.created, warnings: [] };
    expect(uploadResultSchema.parse(stored)).toEqual(stored);
    expect(uploadResultSchema.safeParse({ ...stored, outcome: "pending" }).success).toBe(false);
    expect(apiErrorSchema.safeParse({ error: { code: "no_such_code", message: "x" } }).success).toBe(false);
  });
});
