import "server-only";
/**
 * The image build API (issue 10). Every route needs an account (a session, or `Authorization: Bearer`
 * with an API token); a user sees only their own builds and an admin all of them; anyone else's build
 * is a 404, as one that does not exist (decided in db/builds.ts). A request riding on a cookie passes
 * the cross-site check first.
 *
 * The artifacts themselves are served to anyone who has their URL: it becomes the location of a
 * published entry, which clouds download without an account, and it names the build by a random id.
 */
import { Readable } from "node:stream";
import { z } from "zod";
import {
  buildEventsAfter,
  cancelBuild,
  createBuild,
  deleteBuild,
  getBuildFor,
  getSucceededArtifact,
  listBuildsFor,
  retryBuild,
  type BuildActor,
} from "@/db";
import type { BuildRow } from "@/db/schema";
import { FINISHED_BUILD_STATUSES } from "@/lib/build/build-status";
import { parseRecipe } from "@/lib/build/recipe";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { byteResponse } from "@/lib/http/file-response";
import { jsonApiHandler } from "@/lib/http/handlers";
import { readJson } from "@/lib/http/json-body";
import { baseUrl } from "@/lib/http/request-info";
import { jsonResponse, xmlDownload } from "@/lib/http/responses";
import { signedInUser, type UserActor } from "../auth/actor";
import { BUILD_ID, artifactUrl, isArtifactName } from "../build/artifact-store";
import { artifactStorage } from "../build/artifact-storage";
import { storeUploadedDisk } from "../build/uploaded-disks";
import { NO_PARAMS, parseParams } from "./params";

/** 20 scripts of 256 KiB, JSON-escaped, and the rest. */
const MAX_RECIPE_BYTES = 12 * 1024 * 1024;
const NO_STORE = { "Cache-Control": "no-store" };

function buildActor(actor: UserActor): BuildActor {
  return { userId: actor.user.id, admin: actor.user.role === "admin" };
}

export interface BuildReply {
  id: string;
  status: string;
  stage: string | null;
  percent: number;
  error: string | null;
  recipe: Record<string, unknown>;
  artifacts: { name: string; format: string; bytes: number; md5: string; sha1: string; sha256: string; sha512: string; url: string }[];
  metadata: string | null;
  events: string;
  boot: Record<string, unknown> | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

function reply(row: BuildRow, base: string): BuildReply {
  const self = new URL(`api/v1/builds/${row.id}`, base).toString();
  return {
    id: row.id,
    status: row.status,
    stage: row.stage,
    percent: row.percent,
    error: row.error,
    recipe: row.recipe,
    artifacts: row.artifacts.map((a) => ({ ...a, url: artifactUrl(row.baseUrl, row.id, a.name) })),
    metadata: row.metadataXml ? `${self}/metadata.xml` : null,
    events: `${self}/events`,
    boot: row.boot ? { ...row.boot } : null,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export const createBuildHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: true });
  const body = await readJson(request, MAX_RECIPE_BYTES, "the recipe");
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new AppError("bad_request", "the recipe must be a JSON object");
  const parsed = parseRecipe(body);
  if (!parsed.ok) {
    const summary = parsed.problems.map((p) => `${p.field}: ${p.message}`).join("; ");
    throw new AppError("unprocessable", `the recipe is not valid: ${summary}`, { fields: parsed.problems });
  }
  const base = baseUrl(request);
  const row = await createBuild(actor.user.id, parsed.recipe as unknown as Record<string, unknown>, base);
  const location = new URL(`api/v1/builds/${row.id}`, base).toString();
  return jsonResponse(202, { id: row.id, status: row.status, url: location }, { ...NO_STORE, Location: location });
});

const listParams = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|b_[A-Za-z0-9_-]{16}$/, "the `next` value of a previous page")
    .optional(),
});

export const listBuildsHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  const params = parseParams(listParams, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: false });
  const [createdAt, id] = params.before?.split("|") ?? [];
  const rows = await listBuildsFor(buildActor(actor), {
    limit: params.limit + 1,
    before: createdAt && id ? { createdAt: new Date(createdAt), id } : undefined,
  });
  const page = rows.slice(0, params.limit);
  const base = baseUrl(request);
  const last = page.at(-1);
  const next =
    rows.length > params.limit && last
      ? new URL(
          `api/v1/builds?limit=${params.limit}&before=${encodeURIComponent(`${last.createdAt.toISOString()}|${last.id}`)}`,
          base,
        ).toString()
      : null;
  return jsonResponse(200, { builds: page.map((row) => reply(row, base)), next }, NO_STORE);
});

export const getBuildHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: false });
  return jsonResponse(200, reply(await getBuildFor(buildActor(actor), id), baseUrl(request)), NO_STORE);
});

export const cancelBuildHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: true });
  return jsonResponse(200, reply(await cancelBuild(buildActor(actor), id), baseUrl(request)), NO_STORE);
});

export const retryBuildHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: true });
  const row = await retryBuild(buildActor(actor), id);
  return jsonResponse(202, reply(row, baseUrl(request)), {
    ...NO_STORE,
    Location: new URL(`api/v1/builds/${id}`, baseUrl(request)).toString(),
  });
});

/** A finished build and its images go (the owner's quota gets their bytes back); 204. */
export const deleteBuildHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: true });
  await deleteBuild(buildActor(actor), id, (buildId) => artifactStorage().remove(buildId));
  return new Response(null, { status: 204, headers: NO_STORE });
});

/** The unsigned skeletal metadata, as a download (never rendered inline: a sandbox CSP besides). */
export const buildMetadataHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: false });
  const row = await getBuildFor(buildActor(actor), id);
  if (!row.metadataXml) throw new AppError("not_found", `the build is ${row.status}: its skeletal metadata exists once it has succeeded`);
  return xmlDownload(row.metadataXml, `${row.id}.xml`);
});

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  raw: "application/octet-stream",
  qcow2: "application/x-qemu-disk",
  "qcow2-zstd": "application/x-qemu-disk",
  "tar.zst": "application/zstd",
};

/** An artifact of a succeeded build, with ranges and its SHA-256 as ETag. */
export const buildArtifactHandler = jsonApiHandler(async (request: Request, id: string, name: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const missing = new AppError("not_found", `no image ${name} of build ${id}`);
  if (!BUILD_ID.test(id) || !isArtifactName(name)) throw missing;
  const artifact = await getSucceededArtifact(id, name);
  const source = artifact ? await artifactStorage().source(id, name) : undefined;
  if (!artifact || !source) throw missing;
  return byteResponse(request, source, {
    contentType: CONTENT_TYPES[artifact.format] ?? "application/octet-stream",
    etag: artifact.sha256,
    fileName: name,
  });
});

const eventsParams = z.strictObject({ after: z.coerce.number().int().min(0).optional() });
const EVENT_POLL_MS = 500;
/** A stream is closed after this long; the client reconnects with Last-Event-ID and loses nothing. */
const EVENT_STREAM_MS = 10 * 60_000;

/** Server-sent events of the build: `status`, `stage` ("stage percent") and `log`, each with its number as id. */
export const buildEventsHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  const params = parseParams(eventsParams, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: false });
  await getBuildFor(buildActor(actor), id);
  const lastId = Number(request.headers.get("last-event-id") ?? params.after ?? 0);
  let after = Number.isSafeInteger(lastId) && lastId >= 0 ? lastId : 0;
  const started = Date.now();
  const encoder = new TextEncoder();
  // The client leaving cancels the stream (request.signal is not a guide here: it may end with the handler).
  let gone = false;
  const stream = new ReadableStream<Uint8Array>({
    cancel() {
      gone = true;
    },
    async pull(controller) {
      for (;;) {
        if (gone) return;
        if (Date.now() - started > EVENT_STREAM_MS) return controller.close();
        const events = await buildEventsAfter(id, after);
        if (events.length > 0) {
          const text = events
            .map(
              (event) =>
                `id: ${event.seq}\nevent: ${event.type}\n${event.data
                  .split("\n")
                  .map((line) => `data: ${line}`)
                  .join("\n")}\n\n`,
            )
            .join("");
          after = events.at(-1)!.seq;
          controller.enqueue(encoder.encode(text));
          const finished = events.some((e) => e.type === "status" && (FINISHED_BUILD_STATUSES as readonly string[]).includes(e.data));
          if (finished && events.length < 500) {
            const row = await getBuildFor(buildActor(actor), id);
            if ((FINISHED_BUILD_STATUSES as readonly string[]).includes(row.status)) return controller.close();
          }
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, EVENT_POLL_MS));
      }
    },
  });
  return new Response(stream, {
    status: 200,
    // no-transform: a compressing layer (Next's own) would otherwise hold events back until enough bytes piled up.
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", "X-Accel-Buffering": "no" },
  });
});

/** A disk to build from (VDI, VMDK, OVA, qcow2, raw) as the request body: 201 with its id for the recipe's `base.upload`. */
export const uploadDiskHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: true });
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > env.BUILD_FETCH_MAX_BYTES) {
    throw new AppError("payload_too_large", `a disk may be at most ${env.BUILD_FETCH_MAX_BYTES} bytes`);
  }
  if (!request.body) throw new AppError("bad_request", "send the disk image file as the request body");
  const disk = await storeUploadedDisk(
    actor.user.id,
    Readable.fromWeb(request.body as import("node:stream/web").ReadableStream),
    env.BUILD_FETCH_MAX_BYTES,
  );
  return jsonResponse(201, { id: disk.id, bytes: disk.bytes, sha256: disk.sha256 }, NO_STORE);
});
