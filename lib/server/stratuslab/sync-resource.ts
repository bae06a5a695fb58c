import "server-only";
/**
 * The legacy `POST /sync` (reference section 4.8) for replicas still fed by the old rsync script,
 * which copies a master's files to SYNC_DIR, lists the new keys in SYNC_DIR/.sync and posts here:
 * with `path=<identifier>/<email>/<created>` that one file is indexed (202 `synced metadata entry`);
 * without it, every key of the .sync list (200 `sync list processed`, the list removed; 202 `no sync
 * list to process` when there is none). Unlike the original, every file is verified as an upload is
 * (lib/server/replica/receive.ts) and one that fails is refused with its reason, never indexed. Only a
 * replica has this resource, and only its own machine (the script runs there) or an admin may call it.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import type { EntryKey } from "@/lib/entries/types";
import { assertNotCrossSite } from "@/lib/http/csrf";
import { stratuslabHandler } from "@/lib/http/handlers";
import { readCapped } from "@/lib/http/read-body";
import { clientAddress } from "@/lib/http/request-info";
import { textResponse } from "@/lib/http/responses";
import { syncKey } from "@/lib/entries/sync-key";
import { logger } from "@/lib/logger";
import { actorOf } from "../auth/actor";
import { hasRole } from "@/lib/accounts/roles";
import { receiveEntry } from "../replica/receive";

const MAX_LIST_KEYS = 10_000;

export function syncDir(): string {
  return path.resolve(env.SYNC_DIR ?? path.join(env.dataDir, "sync"));
}

async function syncOne(key: EntryKey): Promise<string | undefined> {
  const file = path.join(syncDir(), key.identifier, key.email, `${key.created}.xml`);
  let xml: Buffer;
  try {
    const stat = await fs.stat(file);
    if (stat.size > env.MAX_UPLOAD_BYTES) return `the file is larger than MAX_UPLOAD_BYTES (${env.MAX_UPLOAD_BYTES})`;
    xml = await fs.readFile(file);
  } catch {
    return `there is no file ${path.relative(syncDir(), file)} in the sync directory`;
  }
  const received = await receiveEntry(xml, key, { address: "sync", userAgent: "marketplace-sync" });
  return "refused" in received ? received.refused : undefined;
}

export const postSync = stratuslabHandler(async (request: Request, segments: string[]): Promise<Response> => {
  if (segments.length > 0) throw new AppError("not_found", "no such resource");
  assertNotCrossSite(request);
  if (env.MARKETPLACE_TYPE !== "replica") throw new AppError("forbidden", "only a replica indexes synced files");
  const local = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/.test(clientAddress(request));
  if (!local) {
    const actor = await actorOf(request);
    if (actor.kind !== "user" || !hasRole(actor.user.role, "admin"))
      throw new AppError("forbidden", "POST /sync is for the replica's own machine (the sync script) or an admin");
  }
  const form = new URLSearchParams((await readCapped(request, 64 * 1024)).toString("utf8"));
  const field = form.get("path");
  if (field !== null && field.trim() !== "") {
    const key = syncKey(field);
    const refusal = await syncOne(key);
    if (refusal) throw new AppError("unprocessable", `unable to sync metadata entry: ${refusal}`);
    return textResponse(202, "synced metadata entry");
  }
  const list = path.join(syncDir(), ".sync");
  let text: string;
  try {
    text = await fs.readFile(list, "utf8");
  } catch {
    return textResponse(202, "no sync list to process");
  }
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, MAX_LIST_KEYS);
  const refused: string[] = [];
  for (const line of lines) {
    let refusal: string | undefined;
    try {
      refusal = await syncOne(syncKey(line));
    } catch (error) {
      if (!AppError.is(error) || error.status >= 500) throw error;
      refusal = error.message;
    }
    if (refusal) refused.push(`${line}: ${refusal}`);
  }
  await fs.rm(list, { force: true });
  if (refused.length > 0) logger.warn("sync list entries refused", { refused: refused.length });
  return textResponse(200, ["sync list processed", ...refused.map((line) => `refused ${line}`)].join("\n"));
});
