import "server-only";
/**
 * The data layer of entries, endorsers and uploads: what pages, API routes and scripts import. The
 * bulk loader (`./bulk-insert`) skips the per-entry rules and is imported by benchmarks and test
 * fixtures directly, never through here.
 */
export { checkEntry, storeEntry, type StoreInput, type StoreOutcome, type StoreResult } from "./store-entry";
export {
  recordUploadEvent,
  listUploadEvents,
  type UploadEvent,
  type UploadEventFilter,
  type UploadEventInput,
  type UploadOutcome,
} from "./upload-events";
export { listEntries, type DocumentsOptions } from "./list-entries";
export { listExtent, streamEntryDocuments, streamEntrySummaries, type DocumentPiece, type StreamOptions } from "./stream-entries";
export { getEntry, getEntryRdfJson, getEntryXml } from "./get-entry";
export { entriesForImage } from "./entries-for-image";
export { findByTag } from "./find-by-tag";
export { endorserHistory, endorserTags, listEndorsers } from "./endorsers";
export { facets } from "./facets";
export { endorserCertificates } from "./key-continuity";
export { countEntries } from "./count-entries";
export {
  createUser,
  getUserById,
  getUserByEmail,
  checkPassword,
  bumpSessionVersion,
  hashPassword,
  normalEmail,
  type NewUser,
  type UserRow,
} from "./users";
export { createApiToken, listApiTokens, revokeApiToken, userForToken, type ApiTokenSummary } from "./api-tokens";
export { recordAudit, listAudit, type AuditInput, type AuditFilter, type AuditLine } from "./audit";
export { enqueueJob, type NewJob } from "./jobs";
export { queueMail, listOutbox, MAIL_JOB, type MailMessage } from "./outbox";
export { hideEntry, showEntry, entryHidden, hiddenError, type HiddenState, type Moderator } from "./moderation";
export { ownsEndorserEmail } from "./ownership";
export { listUsers, setUserRole, type UserListItem, type RoleChange } from "./admin-users";
export { listAbuseReports, type AbuseReports, type AbusiveUpload } from "./abuse";
