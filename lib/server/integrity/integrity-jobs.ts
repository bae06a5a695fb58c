import "server-only";
/**
 * The integrity monitor's jobs (issue 12):
 * - `integrity-sweep:<hour>` (hourly, when INTEGRITY_CHECK_HOURS > 0): queues a check of each current
 *   entry with a web location whose last check is older than INTEGRITY_CHECK_HOURS (never checked
 *   first), at most SWEEP_BATCH per hour, so a large Marketplace is worked through steadily;
 * - `integrity-check` (one per entry and period, or asked for on the entry's API): re-fetches each web
 *   location of the entry (check-location.ts), records the findings and, for a location that started
 *   failing, mails the endorser once per run of failures (queueMailOnce's key holds the failure's start).
 * Checks run on their own worker (INTEGRITY_CONCURRENCY), so a long download never holds up mail.
 */
import { enqueueJob } from "@/db/jobs";
import { INTEGRITY_CHECK_JOB } from "@/db/integrity-queue";
import {
  entriesDueForIntegrityCheck,
  integrityRecipient,
  integrityTarget,
  recordIntegrityCheck,
  type IntegrityTarget,
} from "@/db/integrity";
import { queueMailOnce } from "@/db/outbox";
import type { JobRow } from "@/db/schema";
import { OUTCOME_LABELS, type LocationCheck } from "@/lib/entries/integrity";
import { entryUrl } from "@/lib/entries/entry-urls";
import { env } from "@/lib/env";
import { addressPolicy } from "@/lib/http/outbound/address-policy";
import { logger } from "@/lib/logger";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { publicBase } from "../mail/reminders";
import type { JobContext } from "../jobs/registry";
import { checkLocation } from "./check-location";

export const INTEGRITY_SWEEP_JOB = "integrity-sweep";
export { INTEGRITY_CHECK_JOB };

/** Checks queued by one hourly sweep at most. */
const SWEEP_BATCH = 500;

/** The sweep of the hour `now` is in, when the monitor is on. */
export function integrityJobKeys(now: Date, hours: number): { kind: string; uniqueKey: string; period: string }[] {
  if (hours === 0) return [];
  const hour = now.toISOString().slice(0, 13);
  return [{ kind: INTEGRITY_SWEEP_JOB, uniqueKey: `${INTEGRITY_SWEEP_JOB}:${hour}`, period: hour }];
}

export async function runIntegritySweep(job: JobRow): Promise<void> {
  const now = new Date();
  const period = typeof job.payload.period === "string" ? job.payload.period : now.toISOString().slice(0, 13);
  const due = await entriesDueForIntegrityCheck(now, new Date(now.getTime() - env.INTEGRITY_CHECK_HOURS * 3_600_000), SWEEP_BATCH);
  let queued = 0;
  for (const entryId of due) {
    const id = await enqueueJob({
      kind: INTEGRITY_CHECK_JOB,
      payload: { entryId },
      uniqueKey: `${INTEGRITY_CHECK_JOB}:${entryId}:${period}`,
      maxAttempts: 3,
    });
    if (id !== null) queued += 1;
  }
  if (due.length > 0) logger.info("integrity checks queued", { period, due: due.length, queued });
}

/** Queues a check of one entry now (the entry API's POST), at most one per entry and minute. */
export async function queueIntegrityCheck(entryId: number, now: Date = new Date()): Promise<boolean> {
  const minute = now.toISOString().slice(0, 16);
  const id = await enqueueJob({
    kind: INTEGRITY_CHECK_JOB,
    payload: { entryId },
    uniqueKey: `${INTEGRITY_CHECK_JOB}:${entryId}:asked:${minute}`,
    maxAttempts: 3,
  });
  return id !== null;
}

export async function runIntegrityCheck(job: JobRow, context: JobContext): Promise<void> {
  const entryId = Number(job.payload.entryId);
  if (!Number.isSafeInteger(entryId)) return;
  const target = await integrityTarget(entryId);
  // An entry superseded, deprecated, expired or hidden since it was queued is not worth a download.
  if (!target?.current) return;
  const policy = addressPolicy(env.INTEGRITY_FETCH_ALLOW);
  const findings = [];
  for (const location of target.webLocations.filter((url) => !onReservedName(url))) {
    findings.push(
      await checkLocation(
        location,
        { bytes: target.bytes, checksums: target.checksums, compression: target.compression },
        { policy, maxBytes: env.INTEGRITY_MAX_BYTES, bytesPerSecond: env.INTEGRITY_RATE_BYTES_PER_SECOND, signal: context.signal },
      ),
    );
  }
  const recorded = await recordIntegrityCheck(entryId, findings, new Date());
  logger.info("integrity checked", { entry: entryId, identifier: target.identifier, status: recorded.status ?? "none" });
  if (recorded.newFailures.length > 0) await notifyEndorser(target, recorded.newFailures, recorded.failingSince);
}

/**
 * Names reserved for documentation and tests (RFC 2606, RFC 6761) never resolve: the demo appliances'
 * and the examples' locations are not fetched, and their entries stay unchecked rather than "broken".
 */
export function onReservedName(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/\.$/, "");
    return /(^|\.)(example\.(com|net|org)|example|test|invalid)$/.test(host);
  } catch {
    return false;
  }
}

async function notifyEndorser(target: IntegrityTarget, failures: LocationCheck[], failingSince: Map<string, Date>): Promise<void> {
  const recipient = await integrityRecipient(target.email);
  if (!recipient) return;
  const key = failures.map((check) => `${check.location}@${failingSince.get(check.location)?.toISOString()}`).join(" ");
  await queueMailOnce(
    {
      to: recipient.email,
      subject: `Appliance Marketplace: the image of ${target.identifier} failed its integrity check`,
      text: integrityFailureText(target, failures),
      kind: INTEGRITY_CHECK_JOB,
    },
    `integrity-failure:${target.id}:${key}`.slice(0, 1000),
  );
}

export function integrityFailureText(
  target: Pick<IntegrityTarget, "identifier" | "email" | "created" | "title">,
  failures: LocationCheck[],
): string {
  const page = entryUrl(publicBase(), { identifier: target.identifier, email: target.email, created: formatMetadataDate(target.created) });
  let text =
    "Dear Marketplace user,\n\n" +
    `The Appliance Marketplace re-fetched the image of your entry ${target.identifier}${target.title ? ` (${target.title})` : ""} ` +
    "and it no longer matches what you signed, or cannot be fetched:\n\n";
  for (const failure of failures) text += `${failure.location}\n\t${OUTCOME_LABELS[failure.outcome]}: ${failure.detail}\n`;
  text +=
    "\nSites that check images before they run them will refuse this one until the location serves the signed image again, " +
    "or a new entry with the right checksums is uploaded.\n\n" +
    `The entry: ${page}\n`;
  return `${text}\n--\nYou receive this message because you are the endorser ${target.email}. You can turn these messages off on your account page: ${publicBase()}account\n`;
}
