import "server-only";
/**
 * `GET /api/v1/packages?prefix=ng`: the wizard's package type-ahead, from the names the build host's
 * apt knows (build/package-names.ts). For signed-in users; `checked: false` when the host cannot list
 * them, so the page says the names will only be checked by the build.
 */
import { z } from "zod";
import { jsonApiHandler } from "@/lib/http/handlers";
import { jsonResponse } from "@/lib/http/responses";
import { signedInUser } from "../auth/actor";
import { packageIndex, suggestPackages } from "../build/package-names";
import { parseParams } from "./params";

const packagesParams = z.strictObject({
  prefix: z
    .string()
    .max(100, "at most 100 characters")
    .regex(/^[a-z0-9+.-]*$/, "lowercase letters, digits, +, - and . (the characters of a Debian package name)"),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const packagesHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  const params = parseParams(packagesParams, new URL(request.url).searchParams);
  await signedInUser(request, { changes: false });
  const index = await packageIndex();
  const packages = index && params.prefix ? suggestPackages(index, params.prefix, params.limit) : [];
  return jsonResponse(200, { packages, checked: Boolean(index) }, { "Cache-Control": "private, max-age=600" });
});
