import "server-only";
/**
 * `/action/{uuid}/confirm|abort|abuse/` (reference section 4.5): the links of a pending upload's
 * confirmation mail. A GET shows a page with one button and changes nothing (mail scanners follow
 * links); the button POSTs to the same address, which confirms (re-validated, then published),
 * aborts (discarded) or reports abuse (admins and moderators are mailed). Unknown → 404; used or
 * expired → 410. The uuid is a secret: it is never logged.
 */
import { abortPending, confirmPending, pendingForAction, reportAbuse } from "@/db";
import { ACTION_COMMANDS, type ActionCommand } from "@/lib/accounts/upload-confirmation";
import { entryPath, entryUrl } from "@/lib/entries/entry-urls";
import { minuteUtc } from "@/lib/entries/minute-utc";
import { AppError } from "@/lib/errors";
import { assertNotCrossSite } from "@/lib/http/csrf";
import { stratuslabHandler } from "@/lib/http/handlers";
import { baseUrl, clientAddress } from "@/lib/http/request-info";
import { htmlResponse } from "@/lib/http/responses";
import { logger } from "@/lib/logger";
import { formatMetadataDate } from "@/lib/metadata/dates";
import { actorOf } from "./auth/actor";
import { inspector } from "./inspector";
import { consumeUploadAllowance } from "./rate-limit";
import { FORM_PAGE_CSP, uploadResultPage } from "./stratuslab/upload-result-page";

const BUTTONS: Record<ActionCommand, { heading: string; label: string; explain: string }> = {
  confirm: {
    heading: "Confirm this upload",
    label: "Confirm and publish",
    explain: "Publishing checks the signed file again (signature, checks, trust, newer than the latest entry).",
  },
  abort: { heading: "Abort this upload", label: "Abort the upload", explain: "The uploaded file is discarded and nothing is published." },
  abuse: {
    heading: "Report this upload as abuse",
    label: "Report abuse",
    explain:
      "Nothing is published, and the Marketplace's administrators and moderators are told, so they can investigate how it was uploaded.",
  },
};

function command(segments: string[]): { uuid: string; command: ActionCommand } {
  const [uuid, name, ...rest] = segments;
  if (!uuid || !name || rest.length > 0 || !(ACTION_COMMANDS as readonly string[]).includes(name)) {
    throw new AppError("not_found", `invalid action: use /action/<uuid>/confirm/, /abort/ or /abuse/ from the mail`);
  }
  return { uuid, command: name as ActionCommand };
}

const REFUSAL_HEADINGS: Partial<Record<number, string>> = {
  404: "Unknown link",
  410: "This link no longer works",
  429: "Too many requests",
};

/**
 * A person following the mail's link gets a refusal (unknown, used, expired link...) as the site's page;
 * the command line and scripts get the original's plain answer (stratuslabHandler).
 */
async function orRefusalPage(request: Request, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (!AppError.is(error) || error.status >= 500 || !(request.headers.get("accept") ?? "").includes("text/html")) throw error;
    const message = error.message.charAt(0).toUpperCase() + error.message.slice(1);
    return page(error.status, {
      status: error.status,
      pageTitle: REFUSAL_HEADINGS[error.status] ?? "Not done",
      tone: "failure",
      heading: REFUSAL_HEADINGS[error.status] ?? "Not done",
      message: /[.!?]$/.test(message) ? message : `${message}.`,
    });
  }
}

function page(status: number, body: Parameters<typeof uploadResultPage>[0]): Response {
  return htmlResponse(status, uploadResultPage(body), { "Content-Security-Policy": FORM_PAGE_CSP, "Cache-Control": "no-store" });
}

/** GET: what the link would do, and its button. Changes nothing. */
export const getAction = stratuslabHandler(async (request: Request, segments: string[]): Promise<Response> =>
  orRefusalPage(request, () => showAction(request, segments)),
);

async function showAction(request: Request, segments: string[]): Promise<Response> {
  const { uuid, command: name } = command(segments);
  const row = await pendingForAction(uuid);
  const created = formatMetadataDate(row.created);
  const button = BUTTONS[name];
  return page(200, {
    status: 200,
    pageTitle: "Pending upload",
    tone: name === "abuse" ? "failure" : "info",
    heading: button.heading,
    message: `${row.identifier}, endorsed by ${row.email} at ${created}, uploaded ${minuteUtc(row.createdAt)}${row.reason === "new-key" ? ", signed with a key that has never published for this email (confirming lets that key publish for it)" : ""}. ${button.explain} This link works until ${minuteUtc(row.expiresAt)}.`,
    title: row.title ?? undefined,
    form: { action: new URL(request.url).pathname, label: button.label },
  });
}

/** POST from the page's button: the change itself. */
export const postAction = stratuslabHandler(async (request: Request, segments: string[]): Promise<Response> =>
  orRefusalPage(request, () => doAction(request, segments)),
);

async function doAction(request: Request, segments: string[]): Promise<Response> {
  assertNotCrossSite(request);
  const { uuid, command: name } = command(segments);
  const address = clientAddress(request);
  await consumeUploadAllowance(address);
  const actor = await actorOf(request).catch(() => ({ kind: "visitor" as const }));
  const context = { address, actor: actor.kind === "user" ? { userId: actor.user.id, email: actor.user.email } : undefined };
  const html = (request.headers.get("accept") ?? "").includes("text/html");
  if (name === "confirm") {
    const result = await confirmPending(uuid, (xml) => inspector().inspect(xml, { include: { rdfJson: true } }), context);
    logger.info("pending upload confirmed", { ...result.key, outcome: result.outcome });
    const location = entryUrl(baseUrl(request), result.key);
    if (!html)
      return new Response("metadata entry created\n", {
        status: 201,
        headers: { "Content-Type": "text/plain; charset=utf-8", Location: location },
      });
    return page(201, {
      status: 201,
      pageTitle: "Upload confirmed",
      tone: "success",
      heading: "Metadata entry created",
      message: `The upload was checked again and published: ${result.key.identifier} by ${result.key.email}.`,
      entryPath: entryPath(result.key),
    });
  }
  if (name === "abort") {
    const { key } = await abortPending(uuid, context);
    logger.info("pending upload aborted", { ...key });
    const text = `aborted addition of metadata entry ${key.identifier}\n`;
    if (!html) return new Response(text, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    return page(200, {
      status: 200,
      pageTitle: "Upload aborted",
      tone: "info",
      heading: "Upload aborted",
      message: "The uploaded file was discarded; nothing was published.",
    });
  }
  const { key, notified } = await reportAbuse(uuid, context);
  logger.warn("abuse reported for a pending upload", { ...key, notified });
  const text = "administrators have been notified of the problem and may contact you during the investigation\n";
  if (!html) return new Response(text, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return page(200, {
    status: 200,
    pageTitle: "Abuse reported",
    tone: "info",
    heading: "Abuse reported",
    message: text.trim() + ". Nothing was published.",
  });
}
