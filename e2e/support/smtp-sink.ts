/**
 * A real SMTP server on 127.0.0.1 for tests (the `smtp-server` package), keeping every message it
 * accepts, parsed (mailparser decodes quoted-printable, so links come out whole) and raw. It can be
 * made before it listens (`createSmtpSink`, then `start`: a mail server that is down for a while), and
 * it can answer mail transactions with a temporary failure (451), as a server having a bad moment would:
 * the first `refuseFirst`, or the next n after `refuseFor(n)`.
 */
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "@/db/testing/postgres-server";

export interface SunkMessage {
  to: string[];
  from: string;
  subject: string;
  text: string;
  raw: string;
  messageId: string | undefined;
}

export interface SmtpSink {
  url: string;
  port: number;
  messages: SunkMessage[];
  /** Mail transactions answered 451 so far. */
  refused(): number;
  refuseFor(transactions: number): void;
  /** Resolves with the first message to `to` whose subject or text matches, waiting up to `timeoutMs`. */
  waitFor(to: string, match?: RegExp, timeoutMs?: number): Promise<SunkMessage>;
  /** Starts listening on `port` (a no-op once listening). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A sink on a port of its own that does not listen until `start()`. */
export async function createSmtpSink(options: { refuseFirst?: number } = {}): Promise<SmtpSink> {
  const port = await freePort();
  const messages: SunkMessage[] = [];
  let toRefuse = options.refuseFirst ?? 0;
  let refused = 0;
  let server: SMTPServer | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS", "AUTH"],
        logger: false,
        onMailFrom(_address, _session, callback) {
          if (toRefuse > 0) {
            toRefuse -= 1;
            refused += 1;
            callback(Object.assign(new Error("mailbox busy, try again later"), { responseCode: 451 }));
            return;
          }
          callback();
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => {
            const raw = Buffer.concat(chunks);
            simpleParser(raw).then(
              (mail) => {
                messages.push({
                  to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
                  from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                  subject: mail.subject ?? "",
                  text: mail.text ?? "",
                  raw: raw.toString("utf8"),
                  messageId: mail.messageId,
                });
                callback();
              },
              (error: Error) => callback(error),
            );
          });
        },
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    refused: () => refused,
    refuseFor: (n) => {
      toRefuse = n;
    },
    async waitFor(to, match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => m.to.includes(to.toLowerCase()) && (!match || match.test(m.subject) || match.test(m.text)));
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(
            `no mail to ${to}${match ? ` matching ${match}` : ""} (got: ${messages.map((m) => `${m.to} "${m.subject}"`).join(", ")})`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    start: () => (server ? Promise.resolve() : listen()),
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

/** A sink listening at once. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const sink = await createSmtpSink();
  await sink.start();
  return sink;
}

/** The first http(s) link in a message whose path matches. */
export function linkIn(message: SunkMessage, path: RegExp): string {
  const link = message.text.match(/https?:\/\/\S+/g)?.find((url) => path.test(new URL(url).pathname));
  if (!link) throw new Error(`no link matching ${path} in:\n${message.text}`);
  return link;
}
