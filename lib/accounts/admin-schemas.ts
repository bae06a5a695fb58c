/**
 * The admin and moderation replies of the JSON API (`/api/v1/audit`, `/api/v1/users`, an entry's
 * `hidden` resource) and their query and body schemas: the handlers validate with these, OpenAPI
 * (lib/server/api/openapi.ts) describes them from these. Strict replies, like lib/entries.
 */
import { z } from "zod";
import { ACCOUNT_ROLES, AUDIT_ACTIONS } from "./roles";

export const auditLineSchema = z.strictObject({
  id: z.number().int(),
  at: z.string().meta({ description: "ISO 8601" }),
  action: z.enum(AUDIT_ACTIONS),
  actorUserId: z.string().nullable(),
  actor: z.string().meta({ description: "the actor's email, or system / visitor" }),
  targetUserId: z.string().nullable(),
  target: z.string().nullable(),
  address: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

/** `GET /api/v1/audit`: newest first; `nextBefore` pages on (pass it as `before`). */
export const auditListSchema = z.strictObject({
  items: z.array(auditLineSchema),
  nextBefore: z.number().int().optional().meta({ description: "the `before` of the next (older) page, when there may be one" }),
});

const dateParam = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), { message: "must be a date (yyyy-MM-dd or ISO 8601)" })
  .transform((value) => new Date(value));

export const AUDIT_PAGE_MAX = 1_000;
export const AUDIT_CSV_MAX = 10_000;

/** The filters of `GET /api/v1/audit` and of `/admin/audit`. */
export const auditQuerySchema = z.object({
  action: z.enum(AUDIT_ACTIONS, { message: `must be one of ${AUDIT_ACTIONS.join(", ")}` }).optional(),
  actor: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .optional()
    .meta({ description: "the actor's email (exact, case-insensitive), system or visitor" }),
  since: dateParam.optional().meta({ description: "lines at or after this instant (a date alone is its midnight UTC)" }),
  until: dateParam.optional().meta({ description: "lines at or before this instant (a date alone is the end of that day UTC)" }),
  before: z.coerce.number().int().positive().optional().meta({ description: "only lines with a smaller id (paging)" }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(AUDIT_CSV_MAX)
    .optional()
    .meta({ description: `default 100; at most ${AUDIT_PAGE_MAX} (JSON) or ${AUDIT_CSV_MAX} (CSV)` }),
  format: z
    .enum(["json", "csv"], { message: "must be json or csv" })
    .optional()
    .meta({ description: "csv: the same lines as text/csv (or send Accept: text/csv)" }),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const userListItemSchema = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(ACCOUNT_ROLES),
  verified: z.boolean(),
  demo: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
  endorserEmails: z.array(z.strictObject({ email: z.string(), verified: z.boolean() })),
});

/** `GET /api/v1/users`. */
export const userListSchema = z.strictObject({ items: z.array(userListItemSchema) });

/** The body of `PATCH /api/v1/users/{id}`. */
export const roleChangeBodySchema = z.strictObject({
  role: z.enum(ACCOUNT_ROLES, { message: `must be one of ${ACCOUNT_ROLES.join(", ")}` }),
});

/** The reply of `PATCH /api/v1/users/{id}`. */
export const roleChangeSchema = z.strictObject({
  userId: z.string(),
  email: z.string(),
  from: z.enum(ACCOUNT_ROLES),
  to: z.enum(ACCOUNT_ROLES),
  changed: z.boolean().meta({ description: "false when the account already had the role" }),
});

export const HIDE_REASON_MAX = 1_000;

/** The body of `PUT /api/v1/entries/{identifier}/{email}/{created}/hidden`. */
export const hideBodySchema = z.strictObject({
  reason: z
    .string({ message: "reason is required" })
    .trim()
    .min(1, { message: "reason is required" })
    .max(HIDE_REASON_MAX, { message: `reason: at most ${HIDE_REASON_MAX} characters` }),
});

/** The reply of hiding an entry. */
export const hiddenStateSchema = z.strictObject({
  hidden: z.literal(true),
  reason: z.string(),
  at: z.string(),
  by: z.string().nullable(),
});

export type AuditList = z.infer<typeof auditListSchema>;
export type AuditLineReply = z.infer<typeof auditLineSchema>;
export type UserListItemReply = z.infer<typeof userListItemSchema>;
export type UserList = z.infer<typeof userListSchema>;
export type RoleChangeReply = z.infer<typeof roleChangeSchema>;

/** The components these add to the OpenAPI document. */
export const ADMIN_RESPONSE_COMPONENTS = {
  AuditLine: auditLineSchema,
  AuditList: auditListSchema,
  User: userListItemSchema,
  UserList: userListSchema,
  RoleChange: roleChangeSchema,
  HiddenState: hiddenStateSchema,
};
