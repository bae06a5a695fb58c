import "server-only";
/**
 * The scheduled reminders (reference section 4.10), as jobs with a unique key per period, so however
 * many instances schedule them each exists once and runs once (the claim's SKIP LOCKED):
 * - `expiry-warning:<day>` (daily): to each endorser whose latest, non-deprecated entries expire
 *   within EXPIRY_WARNING_DAYS (the original: 3), one message listing them, as the original worded it;
 * - `endorsement-reminder:<month>` (monthly; the original: every 30 days): the endorser's current entries,
 *   with the command that deprecates one;
 * - `certificate-warning:<day>` (daily): an account's linked certificate that expires within
 *   CERTIFICATE_WARNING_DAYS, warned about once.
 * Recipients own a verified endorser email (the certificate warning: a linked certificate) and have the
 * matching setting on (users.notifyExpiry / notifyEndorsement / notifyCertificate). Each message is
 * queued with queueMailOnce under a key of (period, recipient) — (account, certificate) for the
 * certificate warning — so a reminder job run twice (retried, or reaped) sends nothing twice.
 */
import { queueMailOnce } from "@/db/outbox";
import { currentEntriesByEndorser, expiringCertificates, expiringEntriesByEndorser, type ReminderEntry } from "@/db/reminders";
import type { JobRow } from "@/db/schema";
import { entryUrl } from "@/lib/entries/entry-urls";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { formatMetadataDate } from "@/lib/metadata/dates";

export const EXPIRY_WARNING_JOB = "expiry-warning";
export const ENDORSEMENT_REMINDER_JOB = "endorsement-reminder";
export const CERTIFICATE_WARNING_JOB = "certificate-warning";

const PRODUCT = "Appliance Marketplace";

/** The public base URL mails link to: PUBLIC_URL, else this server on localhost. */
export function publicBase(): string {
  return env.PUBLIC_URL ?? `http://localhost:${env.PORT}/`;
}

export function dayKey(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function monthKey(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** The unique keys of the reminder jobs of the period `now` is in. */
export function reminderJobKeys(now: Date): { kind: string; uniqueKey: string; period: string }[] {
  const day = dayKey(now);
  const month = monthKey(now);
  return [
    { kind: EXPIRY_WARNING_JOB, uniqueKey: `${EXPIRY_WARNING_JOB}:${day}`, period: day },
    { kind: CERTIFICATE_WARNING_JOB, uniqueKey: `${CERTIFICATE_WARNING_JOB}:${day}`, period: day },
    { kind: ENDORSEMENT_REMINDER_JOB, uniqueKey: `${ENDORSEMENT_REMINDER_JOB}:${month}`, period: month },
  ];
}

function period(job: JobRow, fallback: string): string {
  const value = job.payload.period;
  return typeof value === "string" && /^\d{4}-\d{2}(-\d{2})?$/.test(value) ? value : fallback;
}

function settingsLine(reason: string): string {
  return `\n--\nYou receive this message because ${reason}. You can turn these messages off on your account page: ${publicBase()}account\n`;
}

function xmlUrl(entry: ReminderEntry): string {
  return `${entryUrl(publicBase(), { identifier: entry.identifier, email: entry.email, created: formatMetadataDate(entry.created) })}?media=xml`;
}

export function expiryWarningText(email: string, entries: ReminderEntry[]): string {
  let text =
    "Dear Marketplace user,\n\n" +
    `The following images in the ${PRODUCT} (${publicBase()}) are due to expire shortly. ` +
    "Once the validity date has passed the entry will no longer be visible. " +
    "If you wish to continue endorsing these images please re-sign the metadata with an extended validity period and upload to the Marketplace.\n\n";
  for (const entry of entries) {
    text += `\n${entry.identifier}\texpires: ${entry.valid ? formatMetadataDate(entry.valid) : "?"}\nRetrieve entry: ${xmlUrl(entry)}\n`;
  }
  return text + settingsLine(`you are the endorser ${email}`);
}

export function endorsementReminderText(name: string, email: string, entries: ReminderEntry[]): string {
  let text =
    `Dear ${name},\n\n` +
    `You are currently endorsing the following images in the ${PRODUCT}.\n` +
    "If you no longer wish to endorse these images please deprecate the corresponding Marketplace entries.\n\n" +
    "You can deprecate an entry using the following command:\n" +
    `\tmarketplace deprecate-metadata --email=${email} <image id>\n\n`;
  for (const entry of entries) {
    const os = [entry.os, entry.osVersion].filter(Boolean).join(" ");
    text += `${entry.identifier}\n\tcreated:\t${formatMetadataDate(entry.created)}\n\tos:     \t${os}\n`;
    for (const location of entry.locations) text += `\tlocation:\t${location}\n`;
    text += "\n";
  }
  return text + settingsLine(`you are the endorser ${email}`);
}

export async function runExpiryWarning(job: JobRow): Promise<void> {
  const now = new Date();
  const day = period(job, dayKey(now));
  const recipients = await expiringEntriesByEndorser(now, env.EXPIRY_WARNING_DAYS);
  let queued = 0;
  for (const recipient of recipients) {
    const id = await queueMailOnce(
      {
        to: recipient.email,
        subject: `${PRODUCT}: entries about to expire`,
        text: expiryWarningText(recipient.email, recipient.entries),
        kind: EXPIRY_WARNING_JOB,
      },
      `${EXPIRY_WARNING_JOB}:${day}:${recipient.email}`,
    );
    if (id !== null) queued += 1;
  }
  logger.info("expiry warnings queued", { period: day, recipients: recipients.length, queued });
}

export async function runEndorsementReminder(job: JobRow): Promise<void> {
  const now = new Date();
  const month = period(job, monthKey(now));
  const recipients = await currentEntriesByEndorser(now);
  let queued = 0;
  for (const recipient of recipients) {
    const id = await queueMailOnce(
      {
        to: recipient.email,
        subject: `${PRODUCT}: the images you endorse`,
        text: endorsementReminderText(recipient.name, recipient.email, recipient.entries),
        kind: ENDORSEMENT_REMINDER_JOB,
      },
      `${ENDORSEMENT_REMINDER_JOB}:${month}:${recipient.email}`,
    );
    if (id !== null) queued += 1;
  }
  logger.info("endorsement reminders queued", { period: month, recipients: recipients.length, queued });
}

export async function runCertificateWarning(): Promise<void> {
  const now = new Date();
  const certificates = await expiringCertificates(now, env.CERTIFICATE_WARNING_DAYS);
  let queued = 0;
  for (const certificate of certificates) {
    const text =
      "Dear Marketplace user,\n\n" +
      `A certificate linked to your account on the ${PRODUCT} (${publicBase()}) expires on ${formatMetadataDate(certificate.notAfter)}:\n\n` +
      `\tsubject:\t${certificate.subject}\n\tissuer: \t${certificate.issuer}\n\tSHA-256:\t${certificate.fingerprint}\n\n` +
      "Entries signed with it stay published, but you need a new certificate to sign new or updated entries: " +
      "renew it with your provider, or make a self-signed one with `marketplace create-certificate`, and link it on your account page.\n" +
      settingsLine("this certificate is linked to your account");
    const id = await queueMailOnce(
      { to: certificate.email, subject: `${PRODUCT}: your certificate expires soon`, text, kind: CERTIFICATE_WARNING_JOB },
      `${CERTIFICATE_WARNING_JOB}:${certificate.userId}:${certificate.fingerprint}:${certificate.notAfter.toISOString()}`,
    );
    if (id !== null) queued += 1;
  }
  logger.info("certificate warnings queued", { certificates: certificates.length, queued });
}
