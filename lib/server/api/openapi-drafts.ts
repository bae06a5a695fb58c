/** The OpenAPI paths of the wizard's drafts (lib/server/api/drafts.ts), spread into openapi.ts. */
import { z } from "zod";
import { DRAFT_FLOWS, draftBuildRequestSchema, draftDataSchema, draftWriteSchema, signatureRequestSchema } from "@/lib/wizard/draft";

type ErrorResponse = (description: string) => Record<string, unknown>;

const id = { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^dr_[A-Za-z0-9_-]{16}$" } };
const data = z.toJSONSchema(draftDataSchema, { io: "input", unrepresentable: "any" });
const draft = {
  type: "object",
  properties: {
    id: { type: "string" },
    flow: { type: "string", enum: [...DRAFT_FLOWS] },
    step: { type: "string" },
    data,
    revision: { type: "integer", description: "send it back with the next save: a draft saved elsewhere meanwhile is a 409" },
    url: { type: "string" },
    createdAt: { type: "string" },
    updatedAt: { type: "string" },
  },
};
const json = (schema: unknown) => ({ "application/json": { schema } });
const security = [{ bearer: [] }, {}];

export function draftPaths(errorResponse: ErrorResponse): Record<string, unknown> {
  const unauthorized = errorResponse("not signed in: send Authorization: Bearer <token>");
  const notFound = errorResponse("no draft of yours has this id (another user's is not found either)");
  const invalid = errorResponse("a field is wrong: error.fields names each");
  return {
    "/api/v1/drafts": {
      get: {
        summary: "Your wizard drafts, the most recently changed first",
        security,
        responses: {
          "200": { description: "drafts", content: json({ type: "object", properties: { drafts: { type: "array", items: draft } } }) },
          "401": unauthorized,
        },
      },
      post: {
        summary: "Start a wizard draft",
        security,
        requestBody: {
          required: true,
          content: json({ type: "object", properties: { flow: { type: "string", enum: [...DRAFT_FLOWS] }, data } }),
        },
        responses: {
          "201": { description: "the draft, with Location", content: json(draft) },
          "401": unauthorized,
          "409": errorResponse("you have as many drafts as you may keep"),
          "422": invalid,
        },
      },
    },
    "/api/v1/drafts/{id}": {
      get: {
        summary: "A draft",
        security,
        parameters: [id],
        responses: { "200": { description: "the draft", content: json(draft) }, "401": unauthorized, "404": notFound },
      },
      put: {
        summary: "Save a step of a draft",
        security,
        parameters: [id],
        requestBody: { required: true, content: json(z.toJSONSchema(draftWriteSchema, { io: "input", unrepresentable: "any" })) },
        responses: {
          "200": { description: "the saved draft, its revision one more", content: json(draft) },
          "404": notFound,
          "409": errorResponse("the draft was saved elsewhere since that revision: reload it"),
          "422": invalid,
        },
      },
      delete: { summary: "Delete a draft", security, parameters: [id], responses: { "204": { description: "deleted" }, "404": notFound } },
    },
    "/api/v1/drafts/{id}/metadata.xml": {
      get: {
        summary: "The unsigned metadata of an image draft, checked as an upload would be, ready for marketplace sign-metadata",
        security,
        parameters: [id],
        responses: {
          "200": { description: "the document, as a download", content: { "application/xml": {} } },
          "404": notFound,
          "422": errorResponse("the draft lacks something or a field is wrong: error.fields names each"),
        },
      },
    },
    "/api/v1/drafts/{id}/signature": {
      post: {
        summary:
          "Signing in the browser, first half: from the public certificate, the draft's document signed but for its SignatureValue, and the canonical SignedInfo to sign with the key the browser keeps",
        security,
        parameters: [id],
        requestBody: { required: true, content: json(z.toJSONSchema(signatureRequestSchema, { io: "input" })) },
        responses: {
          "200": {
            description:
              "sign signedInfo (UTF-8) with RSASSA-PKCS1-v1_5 and `hash`, put the base64 value in place of `placeholder` in `xml`, and upload the result",
            content: json({
              type: "object",
              required: ["xml", "signedInfo", "signatureMethod", "placeholder", "hash"],
              properties: {
                xml: { type: "string" },
                signedInfo: { type: "string" },
                signatureMethod: { type: "string" },
                placeholder: { type: "string" },
                hash: { type: "string", enum: ["SHA-1", "SHA-256", "SHA-512"] },
              },
            }),
          },
          "401": unauthorized,
          "404": notFound,
          "422": errorResponse("the certificate is unreadable or not RSA, or the draft lacks something: error.fields names each"),
        },
      },
    },
    "/api/v1/drafts/{id}/build": {
      post: {
        summary: "Start the build of a 'build me an image' draft's recipe; the draft keeps the build's id",
        security,
        parameters: [id],
        requestBody: { required: true, content: json(z.toJSONSchema(draftBuildRequestSchema, { io: "input" })) },
        responses: {
          "202": {
            description: "the build is queued: follow it at url (and its events)",
            content: json({
              type: "object",
              required: ["build", "status", "url", "revision"],
              properties: {
                build: { type: "string" },
                status: { type: "string" },
                url: { type: "string" },
                revision: { type: "integer", description: "the draft's revision now" },
              },
            }),
          },
          "401": unauthorized,
          "404": notFound,
          "409": errorResponse("the draft changed elsewhere, is not a build draft, or you have too many builds running"),
          "422": errorResponse("the recipe is incomplete or wrong, or names a package the builds cannot install: error.fields names each"),
        },
      },
    },
    "/api/v1/location-check": {
      get: {
        summary: "HEAD a location under the SSRF rules: is it reachable, and is its size the image's?",
        security,
        parameters: [
          { name: "url", in: "query", required: true, schema: { type: "string", maxLength: 2048 } },
          {
            name: "bytes",
            in: "query",
            required: false,
            schema: { type: "integer", minimum: 0 },
            description: "the image's size, to compare",
          },
        ],
        responses: {
          "200": {
            description: "the answer (a server that fails or answers an error is reachable: false, with the reason)",
            content: json({
              type: "object",
              required: ["reachable", "status", "url", "contentLength", "sizeMatches", "message"],
              properties: {
                reachable: { type: "boolean" },
                status: { type: ["integer", "null"] },
                url: { type: "string", description: "the URL that answered, after redirects" },
                contentLength: { type: ["integer", "null"] },
                sizeMatches: { type: ["boolean", "null"] },
                message: { type: "string" },
              },
            }),
          },
          "400": errorResponse("url is missing or too long, or bytes is not a whole number"),
          "401": unauthorized,
          "422": errorResponse("the URL is not http(s), carries credentials, or names an address the SSRF rules refuse"),
        },
      },
    },
    "/api/v1/packages": {
      get: {
        summary: "Debian package names a build can install, starting with prefix (the wizard's type-ahead)",
        security,
        parameters: [
          { name: "prefix", in: "query", required: true, schema: { type: "string", pattern: "^[a-z0-9+.-]*$", maxLength: 100 } },
          { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 50, default: 20 } },
        ],
        responses: {
          "200": {
            description: "names in order; checked is false when the build host cannot list its packages",
            content: json({
              type: "object",
              required: ["packages", "checked"],
              properties: { packages: { type: "array", items: { type: "string" } }, checked: { type: "boolean" } },
            }),
          },
          "400": errorResponse("prefix holds a character no package name has"),
          "401": unauthorized,
        },
      },
    },
  };
}
