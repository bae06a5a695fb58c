import "server-only";
/**
 * `GET /api/v1/verdict?identifier=ID[&checksum=sha512:HEX]`: what a cloud asks before it starts an
 * image (reference section 4.6): the latest entries of the image under the site policy (SITE_POLICY,
 * lib/entries/site-policy.ts), decided by lib/entries/verdict.ts. Public like the listing; an unknown
 * image is an answer (allowed: false, with the reason), not a 404, so a launch hook reads one shape.
 */
import { z } from "zod";
import { verdictCandidates } from "@/db";
import type { VerdictReply } from "@/lib/entries/api-responses";
import { decideVerdict, parseImageChecksum } from "@/lib/entries/verdict";
import { env } from "@/lib/env";
import { jsonApiHandler } from "@/lib/http/handlers";
import { jsonResponse } from "@/lib/http/responses";
import { IDENTIFIER_PATTERN } from "@/lib/metadata/identifier";
import { parseParams } from "./params";

export const verdictParams = z.strictObject({
  identifier: z.string().regex(IDENTIFIER_PATTERN, "an image identifier is 27 characters of A-Z, a-z, 0-9, - and _"),
  checksum: z
    .string()
    .max(200, "at most 200 characters")
    .transform((text, context) => {
      const parsed = parseImageChecksum(text);
      if (typeof parsed === "string") {
        context.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    })
    .optional(),
});

export const verdictHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  const { identifier, checksum } = parseParams(verdictParams, new URL(request.url).searchParams);
  const now = new Date();
  const verdict: VerdictReply = decideVerdict(identifier, await verdictCandidates(identifier, now), env.SITE_POLICY, {
    now,
    ...(checksum ? { checksum } : {}),
  });
  // The answer changes with time (validity) and with every upload: never cached.
  return jsonResponse(200, verdict, { "Cache-Control": "no-store" });
});
