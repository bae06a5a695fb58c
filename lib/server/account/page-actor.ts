import "server-only";
/**
 * The signed-in account of an account page or server action; a visitor is sent to sign in and back
 * (`/sign-in?next=...`). Each page and each action calls it itself.
 */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { baseUrlFrom, CLIENT_ADDRESS_HEADER } from "@/lib/http/request-info";
import { sessionActor, type UserActor } from "../auth/actor";

export async function pageUser(next: string): Promise<UserActor> {
  const actor = await sessionActor();
  if (actor.kind !== "user") redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  return actor;
}

/** The site's base URL (ending with "/") for mailed links, as a page sees it. */
export async function pageBaseUrl(): Promise<string> {
  return baseUrlFrom(await headers(), `http://localhost:${env.PORT}`);
}

export async function pageAddress(): Promise<string | undefined> {
  return (await headers()).get(CLIENT_ADDRESS_HEADER) ?? undefined;
}

/** Where an action goes after its work: back to `path` with a message (`done`) or the refusal's (`error`). */
export function messageUrl(path: string, outcome: { done?: string; error?: unknown }): string {
  if (outcome.error !== undefined) {
    const message = AppError.is(outcome.error) ? outcome.error.message : "something went wrong; try again";
    return `${path}?error=${encodeURIComponent(message)}`;
  }
  return `${path}?done=${encodeURIComponent(outcome.done ?? "")}`;
}
