import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { apiErrorSchema, dryRunReportSchema, uploadResultSchema } from "@/lib/entries/api-responses";
import { metadataEntrySchema, signatureSummarySchema, trustEvaluationSchema } from "@/lib/entries/entry-schemas";
import type { SignatureSummary } from "@/lib/metadata/inspect";
import type { MetadataEntry } from "@/lib/metadata/model";
import type { TrustEvaluation } from "@/lib/metadata/pki/trust";
import { UPLOAD_MESSAGES } from "@/lib/entries/upload-messages";
import { errorStatus } from "@/lib/errors";
import { openApiDocument, RESPONSE_COMPONENTS } from "./openapi";

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
    expect(schemas.UploadResult?.properties?.outcome?.enum).toEqual(["created", "unchanged", "pending"]);
    expect(schemas.UploadResult?.properties?.message?.enum).toEqual([
      UPLOAD_MESSAGES.created,
      UPLOAD_MESSAGES.unchanged,
      UPLOAD_MESSAGES.pending,
    ]);
    expect(schemas.DryRunReport?.properties?.outcome?.enum).toEqual(["would-create", "would-be-unchanged", "would-wait", "refused"]);
    expect(schemas.Error?.properties?.error?.properties?.code?.enum).toEqual(Object.keys(errorStatus));
    expect(Object.keys(schemas.UploadResult?.properties ?? {})).toEqual(Object.keys(uploadResultSchema.shape));
    expect(Object.keys(schemas.DryRunReport?.properties ?? {})).toEqual(Object.keys(dryRunReportSchema.shape));
  });

  it("has exactly the components the response schemas name, each with the schema's fields and required fields", () => {
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(RESPONSE_COMPONENTS).sort());
    for (const [name, schema] of Object.entries(RESPONSE_COMPONENTS)) {
      const component = schemas[name] as { properties?: object; required?: string[] };
      const shape = schema.shape as Record<string, z.ZodType>;
      expect(Object.keys(component.properties ?? {}), name).toEqual(Object.keys(shape));
      const required = Object.keys(shape).filter((field) => !shape[field]!.safeParse(undefined).success);
      expect(component.required ?? [], name).toEqual(required);
    }
  });

  it("describes every JSON reply of a read with its component", () => {
    const paths = document as unknown as { paths: Record<string, { get?: { responses: Record<string, { content?: object }> } }> };
    const replyOf = (path: string) => paths.paths[path]?.get?.responses["200"]?.content;
    const schemaRef = (component: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${component}` } } });
    expect(replyOf("/api/v1")).toEqual(schemaRef("ApiIndex"));
    expect(replyOf("/api/v1/entries")).toEqual(schemaRef("ListPage"));
    expect(replyOf("/api/v1/entries/{identifier}/{email}/{created}")).toEqual(schemaRef("EntryDetail"));
    expect(replyOf("/api/v1/endorsers")).toEqual(schemaRef("EndorserList"));
    expect(replyOf("/api/v1/endorsers/{email}/history")).toEqual(schemaRef("EndorserHistory"));
    expect(replyOf("/api/v1/endorsers/{email}/tags")).toEqual(schemaRef("EndorserTags"));
    expect(replyOf("/api/v1/facets")).toEqual(schemaRef("Facets"));
  });

  it("generates the components from the schemas, naming the nested ones", () => {
    const entry = schemas.EntryDetail as { properties: Record<string, unknown> };
    expect(entry.properties.metadata).toEqual({ $ref: "#/components/schemas/MetadataEntry" });
    expect(entry.properties.related).toEqual({
      type: "array",
      items: { $ref: "#/components/schemas/EntrySummary" },
      description: expect.any(String),
    });
    expect((schemas.EntrySummary?.properties?.status as { enum?: unknown[] }).enum).toEqual(["valid", "expired", "deprecated"]);
    expect(schemas.Facets?.properties?.osVersionsByOs).toMatchObject({ type: "object", additionalProperties: { type: "array" } });
  });

  it("mirrors the engine's entry, signature and trust types exactly", () => {
    // A compile-time check (tsc runs over the tests): a field the engine gains or changes fails the build.
    expectTypeOf<z.infer<typeof metadataEntrySchema>>().toEqualTypeOf<MetadataEntry>();
    expectTypeOf<z.infer<typeof signatureSummarySchema>>().toEqualTypeOf<SignatureSummary>();
    expectTypeOf<z.infer<typeof trustEvaluationSchema>>().toEqualTypeOf<TrustEvaluation>();
  });

  it("advertises only error codes something throws", () => {
    for (const code of ["not_acceptable", "request_timeout", "verification_timeout"]) expect(Object.keys(errorStatus)).not.toContain(code);
  });

  it("accepts what the handlers send and refuses an outcome the server never sends", () => {
    const key = { identifier: "BEE8-MMAw-Lk_IgsEExAy3d9R8h", email: "jane.tester@example.org", created: "2014-03-08T14:10:40Z" };
    const stored = { key, url: "http://127.0.0.1/metadata/x", outcome: "created", message: UPLOAD_MESSAGES.created, warnings: [] };
    expect(uploadResultSchema.parse(stored)).toEqual(stored);
    expect(uploadResultSchema.safeParse({ ...stored, outcome: "replaced" }).success).toBe(false);
    expect(apiErrorSchema.safeParse({ error: { code: "no_such_code", message: "x" } }).success).toBe(false);
  });
});

describe("the admin and moderation paths", () => {
  it("describe the audit log (JSON and CSV), accounts, hiding and revisions, with their denials", () => {
    type Op = { responses: Record<string, { content?: Record<string, unknown> }>; security?: unknown[] };
    const paths = (document as unknown as { paths: Record<string, Record<string, Op>> }).paths;
    expect(Object.keys(paths["/api/v1/audit"]!.get!.responses["200"]!.content!)).toEqual(["application/json", "text/csv"]);
    expect(Object.keys(paths["/api/v1/users/{id}"]!.patch!.responses)).toEqual(expect.arrayContaining(["401", "403", "409"]));
    expect(Object.keys(paths["/api/v1/entries/{identifier}/{email}/{created}/hidden"]!)).toEqual(["put", "delete"]);
    expect(paths["/api/v1/entries/{identifier}/{email}/{created}/revision"]!.post!.responses["410"]).toBeDefined();
    expect(schemas.AuditLine?.properties?.action?.enum).toContain("entry-hidden");
  });
});
