/**
 * A real SMTP server for the HTTP tests (the smtp-server package) on 127.0.0.1: it keeps every message
 * it accepts, and can refuse the first ones with a temporary 451 to play a server that is not ready.
 */
import { SMTPServer } from "smtp-server";
import { freePort } from "@/db/testing/postgres-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  messageId: string | undefined;
  subject: string | undefined;
}

export interface SmtpSink {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Transactions refused with 451 so far. */
  refused(): number;
  /** Starts listening (on the port chosen at creation). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
  const match = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(head);
  return match?.[1]?.replace(/\r?\n[ \t]+/g, " ").trim();
}

/** `refuseFirst`: how many mail transactions get "451 try again later" before the sink accepts. */
export async function createSmtpSink(options: { refuseFirst?: number } = {}): Promise<SmtpSink> {
  const port = await freePort();
  const received: ReceivedMail[] = [];
  let toRefuse = options.refuseFirst ?? 0;
  let refused = 0;
  let server: SMTPServer | undefined;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refused: () => refused,
    start: () =>
      new Promise<void>((resolve, reject) => {
        server = new SMTPServer({
          disabledCommands: ["STARTTLS", "AUTH"],
          authOptional: true,
          logger: false,
          onMailFrom(_address, _session, callback) {
            if (toRefuse > 0) {
              toRefuse -= 1;
              refused += 1;
              const error = new Error("mailbox busy, try again later") as Error & { responseCode: number };
              error.responseCode = 451;
              callback(error);
              return;
            }
            callback();
          },
          onData(stream, session, callback) {
            const chunks: Buffer[] = [];
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            stream.on("end", () => {
              const raw = Buffer.concat(chunks).toString("utf8");
              received.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
                raw,
                messageId: header(raw, "Message-ID"),
                subject: header(raw, "Subject"),
              });
              callback();
            });
          },
        });
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve());
      }),
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

/** Polls `condition` until it holds (no timing assertion: only an overall limit, then the failure says what was awaited). */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
