import "server-only";
/**
 * How a message leaves: SMTP (nodemailer) when SMTP_URL is set — smtp:// upgrades with STARTTLS when
 * the server offers it, smtps:// is TLS from the start, user and password come from the URL — and
 * otherwise, the embedded default, an RFC 5322 .eml file per message in DATA_DIR/outbox (nodemailer's
 * stream transport builds it), named after the outbox row so a retry rewrites the same file.
 *
 * Every message is plain text, From MAIL_FROM, with a Message-ID derived from its outbox row: the
 * same on every attempt, so a receiving server can tell a repeat.
 */
import fs from "node:fs";
import path from "node:path";
import type Nodemailer from "nodemailer";
import type { OutboxRow } from "@/db/schema";
import { env } from "@/lib/env";

export interface Delivery {
  messageId: string;
  /** The .eml file's name in the outbox directory (embedded default only). */
  file: string | null;
}

export interface Mailer {
  readonly kind: "smtp" | "file";
  send(message: OutboxRow): Promise<Delivery>;
  close(): void;
}

/** Where the embedded default writes messages. */
export function outboxDirectory(): string {
  return path.join(env.dataDir, "outbox");
}

/** The .eml file of an outbox row written by the embedded default, or null (sent by SMTP, or not yet written). */
export function outboxFilePath(row: Pick<OutboxRow, "file">): string | null {
  if (!row.file || row.file.includes("/") || row.file.includes("\\")) return null;
  return path.join(outboxDirectory(), row.file);
}

/** The SMTP password, never to be logged or stored in an error. */
export function smtpSecrets(): string[] {
  if (!env.SMTP_URL) return [];
  const url = new URL(env.SMTP_URL);
  return [url.password, decodeURIComponent(url.password)].filter(Boolean);
}

function fromDomain(): string {
  const address = /<([^>]+)>/.exec(env.mailFrom)?.[1] ?? env.mailFrom;
  return address.split("@")[1]?.trim() || "localhost";
}

export function messageIdOf(row: Pick<OutboxRow, "id" | "createdAt">): string {
  return `<outbox-${row.id}.${row.createdAt.getTime().toString(36)}@${fromDomain()}>`;
}

function mailOptions(row: OutboxRow) {
  return {
    from: env.mailFrom,
    to: row.to,
    subject: row.subject,
    text: row.text,
    messageId: messageIdOf(row),
    date: row.createdAt,
    headers: { "X-Marketplace-Message": row.kind },
  };
}

/** A file name that says what the message is and sorts by id: 00000042-verify-account.eml. */
function fileName(row: OutboxRow): string {
  const kind = row.kind.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 40) || "message";
  return `${String(row.id).padStart(8, "0")}-${kind}.eml`;
}

type NodemailerModule = typeof Nodemailer;

function smtpMailer(nodemailer: NodemailerModule, url: string): Mailer {
  const transport = nodemailer.createTransport({
    url,
    // A server that does not answer fails the attempt (and the job retries later) instead of holding it.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    kind: "smtp",
    async send(row) {
      const info = await transport.sendMail(mailOptions(row));
      return { messageId: info.messageId || messageIdOf(row), file: null };
    },
    close: () => transport.close(),
  };
}

function fileMailer(nodemailer: NodemailerModule, directory: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    kind: "file",
    async send(row) {
      const info = await transport.sendMail(mailOptions(row));
      fs.mkdirSync(directory, { recursive: true });
      const name = fileName(row);
      const target = path.join(directory, name);
      // Written whole or not at all: a reader never sees half a message.
      const temporary = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, info.message as Buffer);
      fs.renameSync(temporary, target);
      return { messageId: info.messageId || messageIdOf(row), file: name };
    },
    close: () => undefined,
  };
}

const SLOT = Symbol.for("appliance-marketplace.mailer");
const slots = globalThis as { [SLOT]?: Promise<Mailer> };

/** The process's mailer, made from the environment on first use (nodemailer is loaded then, not at start). */
export function mailer(): Promise<Mailer> {
  const made = (slots[SLOT] ??= import("nodemailer").then(({ default: nodemailer }) =>
    env.SMTP_URL ? smtpMailer(nodemailer, env.SMTP_URL) : fileMailer(nodemailer, outboxDirectory()),
  ));
  made.catch(() => {
    if (slots[SLOT] === made) delete slots[SLOT];
  });
  return made;
}

export function closeMailer(): void {
  void slots[SLOT]?.then((made) => made.close()).catch(() => undefined);
  delete slots[SLOT];
}
