import "server-only";
/**
 * A copy of an entry taken as an upload is (the replica's feed items, the legacy `POST /sync` of a
 * file rsync brought): the full inspection (parse, content checks, signature, certificate trust under
 * this site's TRUST_POLICY and CA_DIR), the key it names checked against the one it came as, then the
 * store's rules (newer than the latest, first bytes win), stored byte for byte. Key continuity is the
 * master's word (a key new to an email was admitted there, by a trusted CA or the email's confirmation).
 * Anything but the entry's own refusal (the database failing) is thrown, so the caller retries.
 */
import { storeEntry } from "@/db";
import { AppError } from "@/lib/errors";
import type { EntryKey } from "@/lib/entries/types";
import { entryKey } from "@/lib/metadata/model";
import { inspector } from "../inspector";

export type Received = { stored: "created" | "unchanged"; key: EntryKey } | { refused: string; key?: EntryKey };

export async function receiveEntry(
  xml: Uint8Array,
  expected: EntryKey | undefined,
  source: { address: string; userAgent: string },
): Promise<Received> {
  const inspection = await inspector().inspect(xml, { include: { rdfJson: true } });
  const key = inspection.entry ? entryKey(inspection.entry) : undefined;
  if (!inspection.valid || !key)
    return { refused: inspection.problems[0]?.message ?? "not a valid metadata entry", ...(key ? { key } : {}) };
  if (expected && (key.identifier !== expected.identifier || key.email !== expected.email || key.created !== expected.created))
    return {
      refused: `the document is the entry ${key.identifier} ${key.email} ${key.created}, not ${expected.identifier} ${expected.email} ${expected.created}`,
      key,
    };
  try {
    const stored = await storeEntry({ xml, inspection, source, confirmedByEmail: true });
    return { stored: stored.outcome === "created" ? "created" : "unchanged", key };
  } catch (error) {
    if (AppError.is(error) && [400, 403, 409, 422].includes(error.status)) return { refused: error.message, key };
    throw error;
  }
}
