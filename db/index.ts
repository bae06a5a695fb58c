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
export { verdictCandidates } from "./verdict-candidates";
export { feedEntries, FEED_KINDS, type FeedKind } from "./feed-entries";
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
export { createEmailLink, consumeEmailLink, peekEmailLink, type NewEmailLink } from "./email-links";
export { markEmailVerified, setPassword, updateProfile, type ProfileChange } from "./accounts";
export { ensureDemoAccounts, type DemoAccount } from "./demo-accounts";
export { queueMail, queueMailOnce, listOutbox, MAIL_JOB, MAIL_MAX_ATTEMPTS, type MailMessage } from "./outbox";
export { listJobs, retryFailedJob, type JobFilter } from "./job-claims";
export { retryOutboxMessage } from "./outbox-delivery";
export {
  addEndorserEmail,
  listEndorserEmails,
  removeEndorserEmail,
  verifyEndorserEmail,
  verifiedOwnerOf,
  verifiedEmailsOf,
  type EndorserEmail,
} from "./endorser-emails";
export { linkCertificatePem, listCertificates, unlinkCertificate, parseCertificatePem, type LinkedCertificate } from "./user-certificates";
export {
  abortPending,
  confirmPending,
  endorserEmailProven,
  expireLapsedUploads,
  holdUpload,
  listMyEntries,
  listPendingFor,
  pendingForAction,
  reportAbuse,
  type MyEntry,
  type PendingUpload,
  type Uploader,
} from "./pending-uploads";
export { hideEntry, showEntry, entryHidden, hiddenError, type HiddenState, type Moderator } from "./moderation";
export { ownsEndorserEmail } from "./ownership";
export { listUsers, setUserRole, type UserListItem, type RoleChange } from "./admin-users";
export { listAbuseReports, type AbuseReports, type AbusiveUpload } from "./abuse";
export {
  BUILD_JOB,
  MAX_ACTIVE_BUILDS,
  appendBuildLog,
  bootTestOfImage,
  buildEventsAfter,
  buildMayContinue,
  bytesStoredBy,
  cancelBuild,
  createBuild,
  deleteBuild,
  failOrphanedBuilds,
  finishBuild,
  getBuildFor,
  getSucceededArtifact,
  listBuildsFor,
  reportBuildProgress,
  retryBuild,
  startBuildAttempt,
  type BuildActor,
  type BuildOutcome,
} from "./builds";
export { createDraft, deleteDraft, getDraft, listDrafts, saveDraft, type DraftRow } from "./drafts";
export {
  entriesDueForIntegrityCheck,
  entryIntegrityState,
  integrityRecipient,
  integrityTarget,
  locationChecksOf,
  recordIntegrityCheck,
  type IntegrityTarget,
  type RecordedIntegrity,
} from "./integrity";
export { INTEGRITY_CHECK_JOB, queueFirstIntegrityCheck } from "./integrity-queue";
export { replicationPage, SETTLE_SECONDS, type FeedItem } from "./replication-feed";
export { advanceReplicaCursor, finishReplicaSync, leaseReplicaSource, replicaStatus, type ReplicaOutcome } from "./replica";
export { currentDataVersion, rdfJsonOf, visibleEntryIds } from "./sparql-source";
export { EXPORT_LIMIT, exportEntries, storedDataVersion, type ExportEntry } from "./export-entries";
export {
  MAX_SUBSCRIPTIONS,
  advanceSubscription,
  allSubscriptions,
  createSubscription,
  deleteSubscription,
  deliveriesOf,
  listSubscriptions,
  newMatches,
  recordDelivery,
  queueSubscriptionNotice,
  subscriptionById,
} from "./subscriptions";
