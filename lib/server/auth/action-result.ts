import "server-only";
/**
 * What a server action answers: its form's state, and on a refusal the refusal's HTTP status too
 * (401, 403, 409...: setPageStatus), so a direct POST to the action is refused as an API call would be.
 */
import { headers } from "next/headers";
import { toAppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { baseUrlFrom, CLIENT_ADDRESS_HEADER } from "@/lib/http/request-info";
import { logger } from "@/lib/logger";
import { setPageStatus } from "@/lib/process-hooks";

export type ActionState = { ok: boolean; message: string } | undefined;

export async function runAction(work: () => Promise<string>): Promise<ActionState> {
  try {
    return { ok: true, message: await work() };
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "internal") logger.error("server action failed", { error: String(error) });
    setPageStatus(appError.status);
    return { ok: false, message: appError.code === "internal" ? "Something went wrong; try again." : appError.message };
  }
}

/** The client's address, as the server process recorded it, for the audit line. */
export async function actionAddress(): Promise<string | null> {
  return (await headers()).get(CLIENT_ADDRESS_HEADER);
}

/** The site's base URL (ending with "/") as this request sees it, for the links an action mails. */
export async function actionBaseUrl(): Promise<string> {
  return baseUrlFrom(await headers(), `http://localhost:${env.PORT}`);
}
