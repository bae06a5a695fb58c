import "server-only";
/**
 * A replica's copy of one master (issue 12, item 2, reference section 4.8 done right): the master's
 * replication feed is read page by page from the stored cursor, and every entry is re-verified on
 * receipt as an upload is (the bytes against the master's SHA-256, then the inspector's parse, content
 * checks, signature and certificate trust under this site's TRUST_POLICY and CA_DIR, then the store's
 * rules: newer than the latest, first bytes win), and stored with its exact bytes, never re-signed.
 * What fails is refused with the reason and recorded; the cursor moves past it either way, and only a
 * master that cannot be read (or this database) stops a sync, which the next period resumes.
 *
 * The checks are receive.ts's, which the legacy `POST /sync` shares.
 */
import { createHash } from "node:crypto";
import { advanceReplicaCursor, finishReplicaSync, leaseReplicaSource, type ReplicaOutcome } from "@/db";
import { AppError } from "@/lib/errors";
import { replicationPageSchema, type ReplicationItem, type ReplicationPage } from "@/lib/entries/replication-schemas";
import { logger } from "@/lib/logger";
import { errorText } from "../jobs/error-text";
import { receiveEntry } from "./receive";

/** Pages read by one sync at most; the next period goes on from the cursor. */
const MAX_PAGES = 50;
const PAGE_SIZE = 100;
/** The longest answer accepted from a master (a page holds at most 8 MiB of documents, base64). */
const MAX_PAGE_BYTES = 24 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 60_000;
/** The lease of a sync on its master: long enough for MAX_PAGES pages, renewed by nothing (a crashed sync frees it then). */
const LEASE_SECONDS = 15 * 60;

export interface SyncResult {
  copied: number;
  unchanged: number;
  refused: number;
  /** Another sync held the master. */
  skipped?: boolean;
}

export async function syncFromMaster(master: string, signal?: AbortSignal): Promise<SyncResult> {
  const lease = await leaseReplicaSource(master, LEASE_SECONDS);
  if (!lease) return { copied: 0, unchanged: 0, refused: 0, skipped: true };
  const result: SyncResult = { copied: 0, unchanged: 0, refused: 0 };
  let cursor = lease.cursor;
  let failure: string | null = null;
  try {
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      signal?.throwIfAborted();
      const page = await readPage(master, cursor, signal);
      for (const item of page.items) {
        if (item.seq <= cursor) continue;
        const outcome = await receive(master, item);
        await advanceReplicaCursor(master, outcome);
        cursor = item.seq;
        if (outcome.refusal) result.refused += 1;
        else if (outcome.copied) result.copied += 1;
        else result.unchanged += 1;
      }
      if (!page.more || page.items.length === 0) break;
    }
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
    logger.warn("replication stopped", { master, cursor, error: errorText(error) });
  } finally {
    await finishReplicaSync(master, failure).catch(() => undefined);
  }
  if (result.copied + result.refused > 0) logger.info("replicated", { master, ...result, cursor });
  return result;
}

async function readPage(master: string, after: number, signal?: AbortSignal): Promise<ReplicationPage> {
  const url = new URL(`api/v1/replication/entries?after=${after}&limit=${PAGE_SIZE}`, master);
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: "application/json", "User-Agent": "Appliance-Marketplace-replica" },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      redirect: "error",
    });
  } catch (error) {
    throw new AppError("upstream_failed", `${url.host} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new AppError("upstream_failed", `${url.host} answered ${response.status} to ${url.pathname}: is it an Appliance Marketplace?`);
  }
  const text = await cappedText(response, MAX_PAGE_BYTES, url.host);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("upstream_failed", `${url.host} answered something that is not JSON`);
  }
  const parsed = replicationPageSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError("upstream_failed", `${url.host} answered a page this replica cannot read: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

async function cappedText(response: Response, maxBytes: number, host: string): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new AppError("upstream_failed", `${host} sent a page over ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** One feed item re-verified and stored, or refused with the reason. */
async function receive(master: string, item: ReplicationItem): Promise<ReplicaOutcome> {
  const named = { identifier: item.identifier, email: item.email, created: item.created };
  const refuse = (reason: string): ReplicaOutcome => ({ seq: item.seq, copied: false, refusal: { ...named, reason } });
  const xml = Buffer.from(item.xml, "base64");
  if (createHash("sha256").update(xml).digest("hex") !== item.xmlSha256)
    return refuse("the bytes received differ from the master's own SHA-256 of them (damaged on the way)");
  const received = await receiveEntry(xml, named, { address: new URL(master).host, userAgent: "replica" });
  if ("refused" in received) return refuse(received.refused);
  return { seq: item.seq, copied: received.stored === "created" };
}
