import "server-only";
/**
 * The replication API (issue 12, item 2): a master's feed of every stored entry with its exact signed
 * bytes, after a cursor (`GET /api/v1/replication/entries?after=SEQ&limit=N`), which replicas follow;
 * and a replica's state (`GET /api/v1/replica`): the masters it follows and what it refused, and why.
 * Both are public: every entry in them is public already.
 */
import { replicaStatus, replicationPage } from "@/db";
import { env } from "@/lib/env";
import { replicationParamsSchema, type ReplicationPage } from "@/lib/entries/replication-schemas";
import { jsonApiHandler } from "@/lib/http/handlers";
import { jsonResponse } from "@/lib/http/responses";
import { NO_PARAMS, parseParams } from "./params";

/** Documents per page at most, in bytes (a page always holds at least one). */
const PAGE_BYTES = 8 * 1024 * 1024;

export const replicationFeedHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  const { after = 0, limit = 100 } = parseParams(replicationParamsSchema, new URL(request.url).searchParams);
  const page = await replicationPage(after, limit, PAGE_BYTES);
  const body: ReplicationPage = {
    items: page.items.map((item) => ({ ...item, xml: Buffer.from(item.xml).toString("base64") })),
    next: page.next,
    more: page.more,
  };
  return jsonResponse(200, body, { "Cache-Control": "no-store" });
});

export const replicaStatusHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  return jsonResponse(200, await replicaStatus(env.MARKETPLACE_TYPE, env.masterUrls), { "Cache-Control": "no-store" });
});
