/**
 * The replication contract (issue 12, item 2): the master's feed (`GET /api/v1/replication/entries`),
 * which a replica reads and parses with this very schema, and a replica's state (`GET /api/v1/replica`).
 */
import { z } from "zod";

export const replicationParamsSchema = z.object({
  after: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(0, "must be at least 0").optional(),
  limit: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(500, "must be at most 500")
    .optional(),
});

export const replicationItemSchema = z.strictObject({
  seq: z.number().int().positive().meta({ description: "the entry's place in the master's store order: the cursor" }),
  identifier: z.string(),
  email: z.string(),
  created: z.string().meta({ description: "endorsement date, yyyy-MM-ddTHH:mm:ssZ" }),
  xmlSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .meta({ description: "SHA-256 of the signed bytes, lowercase hex" }),
  xml: z.base64().meta({ description: "the signed document exactly as uploaded, base64" }),
});

export const replicationPageSchema = z.strictObject({
  items: z.array(replicationItemSchema),
  next: z.number().int().nullable().meta({ description: "the cursor to ask `after` next; null when nothing new was served" }),
  more: z.boolean().meta({ description: "more entries follow right away" }),
});

const replicaMasterSchema = z.strictObject({
  master: z.string(),
  cursor: z.number().int(),
  copied: z.number().int(),
  refused: z.number().int(),
  lastSyncAt: z.string().optional().meta({ description: "ISO 8601" }),
  lastError: z.string().optional(),
});

export const replicaRefusalSchema = z.strictObject({
  master: z.string(),
  seq: z.number().int(),
  identifier: z.string().optional(),
  email: z.string().optional(),
  created: z.string().optional(),
  reason: z.string(),
  at: z.string().meta({ description: "ISO 8601" }),
});

export const replicaStatusSchema = z.strictObject({
  type: z.enum(["master", "replica"]),
  masters: z.array(replicaMasterSchema),
  refused: z.array(replicaRefusalSchema).meta({ description: "the newest refused entries first, at most 500" }),
});

export type ReplicationItem = z.infer<typeof replicationItemSchema>;
export type ReplicationPage = z.infer<typeof replicationPageSchema>;
export type ReplicaStatus = z.infer<typeof replicaStatusSchema>;
export type ReplicaRefusal = z.infer<typeof replicaRefusalSchema>;
