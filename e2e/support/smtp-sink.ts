/**
 * A real SMTP server on 127.0.0.1 for tests (the `smtp-server` package), keeping every message it
 * accepts, parsed (mailparser decodes quoted-printable, so links come out whole). `refuseFor(n)`
 * answers the next n deliveries with a temporary failure (451), as a server having a bad moment would.
 */
import { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface SunkMessage {
  to: string[];
  from: string;
  subject: string;
  text: string;
  messageId: string | undefined;
}

export interface SmtpSink {
  url: string;
  port: number;
  messages: SunkMessage[];
  /** Resolves with the first message to `to` whose subject or text matches, waiting up to `timeoutMs`. */
  waitFor(to: string, match?: RegExp, timeoutMs?: number): Promise<SunkMessage>;
  refuseFor(deliveries: number): void;
  close(): Promise<void>;
}

export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refusals > 0) {
          refusals -= 1;
          const error = Object.assign(new Error("try again later"), { responseCode: 451 });
          callback(error);
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            messages.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              messageId: mail.messageId,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${actual}`,
    port: actual,
    messages,
    refuseFor: (n) => {
      refusals = n;
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first http(s) link in a message whose path matches. */
export function linkIn(message: SunkMessage, path: RegExp): string {
  const link = message.text.match(/https?:\/\/\S+/g)?.find((url) => path.test(new URL(url).pathname));
  if (!link) throw new Error(`no link matching ${path} in:\n${message.text}`);
  return link;
}
