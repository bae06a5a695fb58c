import "server-only";
/**
 * POST /api/v1/context-disks: a contextualization disk as a download (issue 10): `{"scheme":
 * "stratuslab"|"cloud-init", "publicKey", "vars", "userData", "hostname"}` -> the `_STRATUSLAB` or
 * `cidata` ISO. Needs an account, as the rest of the build API. A bad value is a 422 naming its field.
 */
import { z } from "zod";
import { ContextError } from "@/lib/build/context-files";
import { AppError } from "@/lib/errors";
import { jsonApiHandler } from "@/lib/http/handlers";
import { readJsonAs } from "@/lib/http/json-body";
import { signedInUser } from "../auth/actor";
import { CONTEXT_LABEL, makeContextDisk } from "../build/context-disk";
import { NO_PARAMS, parseParams } from "./params";

const requestSchema = z.strictObject({
  scheme: z.enum(["stratuslab", "cloud-init"], { error: 'scheme: "stratuslab" or "cloud-init"' }),
  publicKey: z.string().max(16_384).optional(),
  vars: z.record(z.string().max(64), z.string().max(65_536)).optional(),
  userData: z.string().max(65_536).optional(),
  hostname: z.string().max(253).optional(),
});

export const contextDiskHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  await signedInUser(request, { changes: true });
  const wanted = await readJsonAs(request, requestSchema, 256 * 1024);
  if (wanted.scheme === "cloud-init" && wanted.vars)
    throw new AppError("unprocessable", "vars: only for the stratuslab scheme", {
      fields: [{ field: "vars", message: "only for the stratuslab scheme" }],
    });
  let iso: Buffer;
  try {
    iso = await makeContextDisk(wanted);
  } catch (error) {
    if (error instanceof ContextError)
      throw new AppError("unprocessable", error.message, { fields: [{ field: error.field, message: error.message }] });
    throw error;
  }
  const name = wanted.scheme === "stratuslab" ? "stratuslab-context.iso" : "cidata.iso";
  return new Response(new Uint8Array(iso), {
    status: 200,
    headers: {
      "Content-Type": "application/x-iso9660-image",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Content-Length": String(iso.length),
      "X-Volume-Label": CONTEXT_LABEL[wanted.scheme],
      "Cache-Control": "no-store",
    },
  });
});
