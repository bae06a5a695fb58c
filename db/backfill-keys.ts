import "server-only";
/**
 * Databases written before key continuity (migration 0002) have certificates without a public-key
 * hash and no endorser_keys. On open, those certificates get their hash and every (email, key) that
 * has published is recorded as "existing", so key continuity starts from what was already published.
 * Costs one indexed query when there is nothing to do.
 */
import { createHash, X509Certificate } from "node:crypto";
import { eq, isNull, sql } from "drizzle-orm";
import type { Db } from "./client";
import { certificates } from "./schema";

export async function backfillKeyContinuity(db: Db): Promise<number> {
  const missing = await db
    .select({ fingerprint: certificates.fingerprint, pem: certificates.pem })
    .from(certificates)
    .where(isNull(certificates.publicKeySha256));
  if (missing.length === 0) return 0;
  await db.transaction(async (tx) => {
    for (const row of missing) {
      const spki = new X509Certificate(row.pem).publicKey.export({ type: "spki", format: "der" });
      await tx
        .update(certificates)
        .set({ publicKeySha256: createHash("sha256").update(spki).digest("hex") })
        .where(eq(certificates.fingerprint, row.fingerprint));
    }
    await tx.execute(sql`
      insert into endorser_keys (email, public_key_sha256, admitted_by, first_certificate, admitted_at)
      select e.email, c.public_key_sha256, 'existing', min(c.fingerprint), min(e.uploaded_at)
      from entries e join certificates c on c.fingerprint = e.certificate_fingerprint
      group by e.email, c.public_key_sha256
      on conflict do nothing`);
  });
  return missing.length;
}
