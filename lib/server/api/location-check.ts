import "server-only";
/**
 * `GET /api/v1/location-check?url=...[&bytes=N]`: the wizard's "check this location" (issue 11), a HEAD
 * of the URL a user typed, through the SSRF rules every fetch of a user's URL obeys (outboundRequest:
 * public addresses only unless BUILD_FETCH_ALLOW says otherwise, every redirect checked, 15 s). For
 * signed-in users. A URL the rules refuse is a 422; a server that fails or answers an error is said in
 * the 200 answer (the check worked: the location did not), with the size compared when one was given.
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { jsonApiHandler } from "@/lib/http/handlers";
import { addressPolicy } from "@/lib/http/outbound/address-policy";
import { outboundRequest } from "@/lib/http/outbound/outbound-request";
import { jsonResponse } from "@/lib/http/responses";
import { signedInUser } from "../auth/actor";
import { parseParams } from "./params";

const checkParams = z.strictObject({
  url: z.string().min(1, "give the URL to check").max(2048, "at most 2048 characters"),
  /** The image's size in bytes, when the file at the URL is the image itself (not compressed). */
  bytes: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

export interface LocationCheck {
  reachable: boolean;
  /** The HTTP status, when the server answered. */
  status: number | null;
  /** The URL that answered, after redirects. */
  url: string;
  /** Content-Length of the answer, when it gave one. */
  contentLength: number | null;
  /** Whether Content-Length equals the size given; null when either is unknown. */
  sizeMatches: boolean | null;
  message: string;
}

export const locationCheckHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  const params = parseParams(checkParams, new URL(request.url).searchParams);
  await signedInUser(request, { changes: false });
  let check: LocationCheck;
  try {
    const response = await outboundRequest(params.url, { policy: addressPolicy(env.BUILD_FETCH_ALLOW), method: "HEAD", timeoutMs: 15_000 });
    response.body.resume();
    const length = Number(response.headers["content-length"]);
    const contentLength = Number.isSafeInteger(length) && length >= 0 ? length : null;
    const sizeMatches = contentLength === null || params.bytes === undefined ? null : contentLength === params.bytes;
    const ok = response.status >= 200 && response.status < 300;
    check = {
      reachable: ok,
      status: response.status,
      url: response.url,
      contentLength,
      sizeMatches,
      message: !ok
        ? `the server answered ${response.status}: clouds could not download the image from there`
        : sizeMatches === false
          ? `reachable, but it serves ${contentLength} bytes where the image has ${params.bytes}: is it the same file?`
          : sizeMatches
            ? `reachable, and it serves ${contentLength} bytes, the image's size`
            : "reachable",
    };
  } catch (error) {
    // A URL the rules refuse (a private address, ftp:) stays the 422 it is; a server that fails is the check's answer.
    if (!(error instanceof AppError) || error.code !== "upstream_failed") throw error;
    check = { reachable: false, status: null, url: params.url, contentLength: null, sizeMatches: null, message: error.message };
  }
  return jsonResponse(200, check, { "Cache-Control": "no-store" });
});
