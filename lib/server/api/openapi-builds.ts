/** The OpenAPI paths of the image build API (lib/server/api/builds.ts, context-disks.ts), spread into openapi.ts. */
import { z } from "zod";
import { recipeSchema } from "@/lib/build/recipe";
import { BUILD_STATUSES } from "@/lib/build/build-status";

type ErrorResponse = (description: string) => Record<string, unknown>;

const id = { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^b_[A-Za-z0-9_-]{16}$" } };
const artifact = {
  type: "object",
  properties: {
    name: { type: "string" },
    format: { type: "string", enum: ["raw", "qcow2", "qcow2-zstd", "tar.zst"] },
    bytes: { type: "integer" },
    md5: { type: "string" },
    sha1: { type: "string" },
    sha256: { type: "string" },
    sha512: { type: "string" },
    url: { type: "string", description: "served to anyone with the URL, with ranges and ETag: the skeletal metadata's location" },
  },
};
const build = {
  type: "object",
  properties: {
    id: { type: "string" },
    status: { type: "string", enum: [...BUILD_STATUSES] },
    stage: {
      type: ["string", "null"],
      description: "resolve-base, customise, clean-up, assemble, convert, boot-test, checksum or metadata",
    },
    percent: { type: "integer", minimum: 0, maximum: 100 },
    error: { type: ["string", "null"] },
    recipe: { type: "object" },
    artifacts: { type: "array", items: artifact },
    metadata: { type: ["string", "null"], description: "URL of the unsigned skeletal metadata, once succeeded" },
    events: { type: "string", description: "URL of the build's server-sent events" },
    boot: {
      type: ["object", "null"],
      properties: { passed: { type: "boolean" }, seconds: { type: "integer" }, detail: { type: "string" } },
    },
    createdAt: { type: "string" },
    startedAt: { type: ["string", "null"] },
    finishedAt: { type: ["string", "null"] },
  },
};
const json = (schema: unknown) => ({ "application/json": { schema } });
const security = [{ bearer: [] }, {}];

export function buildPaths(errorResponse: ErrorResponse): Record<string, unknown> {
  const unauthorized = errorResponse("not signed in: send Authorization: Bearer <token>");
  const notFound = errorResponse("no build of yours has this id (another user's is not found either)");
  return {
    "/api/v1/builds": {
      get: {
        summary: "Your image builds, newest first",
        security,
        parameters: [
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
          { name: "before", in: "query", schema: { type: "string" }, description: "the `next` link of the previous page carries it" },
        ],
        responses: {
          "200": {
            description: "a page of builds",
            content: json({ type: "object", properties: { builds: { type: "array", items: build }, next: { type: ["string", "null"] } } }),
          },
          "401": unauthorized,
        },
      },
      post: {
        summary: "Start an image build from a recipe",
        description:
          "A base (a valid Marketplace entry, a Debian bootstrap, or an uploaded disk), packages, repositories, scripts, context agents, formats and the skeletal metadata's fields. At most 2 builds of one user are queued or running at once (429).",
        security,
        requestBody: { required: true, content: json(z.toJSONSchema(recipeSchema, { io: "input" })) },
        responses: {
          "202": {
            description: "queued; Location names the build",
            content: json({ type: "object", properties: { id: { type: "string" }, status: { type: "string" }, url: { type: "string" } } }),
          },
          "400": errorResponse("the body is not JSON"),
          "401": unauthorized,
          "415": errorResponse("the body is not application/json"),
          "422": errorResponse("the recipe is not valid: error.fields names each refused field"),
          "429": errorResponse("too many builds queued or running"),
        },
      },
    },
    "/api/v1/builds/{id}": {
      get: {
        summary: "A build: status, stage, percent, artifacts and their checksums",
        security,
        parameters: [id],
        responses: { "200": { description: "the build", content: json(build) }, "401": unauthorized, "404": notFound },
      },
      delete: {
        summary: "Delete a finished build and its images (their bytes no longer count against your quota)",
        security,
        parameters: [id],
        responses: {
          "204": { description: "deleted" },
          "401": unauthorized,
          "404": notFound,
          "409": errorResponse("the build is queued or running: cancel it first"),
        },
      },
    },
    "/api/v1/builds/{id}/events": {
      get: {
        summary: 'Server-sent events of a build: status, stage ("stage percent") and log lines; resume with Last-Event-ID',
        security,
        parameters: [id, { name: "Last-Event-ID", in: "header", schema: { type: "integer" } }],
        responses: {
          "200": { description: "text/event-stream, closed once the build has finished", content: { "text/event-stream": {} } },
          "401": unauthorized,
          "404": notFound,
        },
      },
    },
    "/api/v1/builds/{id}/cancel": {
      post: {
        summary: "Cancel a queued or running build",
        security,
        parameters: [id],
        responses: {
          "200": { description: "the build", content: json(build) },
          "404": notFound,
          "409": errorResponse("the build has finished"),
        },
      },
    },
    "/api/v1/builds/{id}/retry": {
      post: {
        summary: "Run a failed or cancelled build again",
        security,
        parameters: [id],
        responses: {
          "202": { description: "queued again", content: json(build) },
          "404": notFound,
          "409": errorResponse("the build is not failed or cancelled"),
        },
      },
    },
    "/api/v1/builds/{id}/metadata.xml": {
      get: {
        summary: "The unsigned skeletal metadata of a succeeded build, holding its build record, ready for marketplace sign-metadata",
        security,
        parameters: [id],
        responses: { "200": { description: "a download", content: { "application/xml": {} } }, "404": notFound },
      },
    },
    "/api/v1/builds/{id}/artifacts/{name}": {
      get: {
        summary: "A built image (ranges, ETag, If-None-Match); public to whoever has the URL",
        parameters: [id, { name: "name", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": { description: "the image" },
          "206": { description: "a range of it" },
          "304": { description: "not modified" },
          "404": errorResponse("no such image"),
          "416": errorResponse("the range is outside the image"),
        },
      },
    },
    "/api/v1/disks": {
      post: {
        summary:
          "Upload a disk to build from (VDI, VMDK, OVA, qcow2 or raw) as the request body; its id goes into the recipe's base.upload",
        security,
        requestBody: { required: true, content: { "application/octet-stream": {} } },
        responses: {
          "201": {
            description: "stored",
            content: json({
              type: "object",
              properties: { id: { type: "string" }, bytes: { type: "integer" }, sha256: { type: "string" } },
            }),
          },
          "401": unauthorized,
          "413": errorResponse("larger than BUILD_FETCH_MAX_BYTES"),
        },
      },
    },
    "/api/v1/context-disks": {
      post: {
        summary: "A contextualization disk: the _STRATUSLAB ISO (context.sh, init.sh, prolog.sh, epilog.sh) or cloud-init's cidata seed",
        security,
        requestBody: {
          required: true,
          content: json({
            type: "object",
            additionalProperties: false,
            required: ["scheme"],
            properties: {
              scheme: { type: "string", enum: ["stratuslab", "cloud-init"] },
              publicKey: { type: "string", description: "an OpenSSH public key line" },
              vars: {
                type: "object",
                additionalProperties: { type: "string" },
                description: "stratuslab: context.sh variables, SCRIPT_EXEC among them",
              },
              userData: { type: "string", description: "cloud-init: a #cloud-config or a #! script" },
              hostname: { type: "string" },
            },
          }),
        },
        responses: {
          "200": { description: "the ISO9660 image", content: { "application/x-iso9660-image": {} } },
          "401": unauthorized,
          "422": errorResponse("a bad value: error.fields names it"),
        },
      },
    },
  };
}
