import "server-only";
/**
 * The wizard's drafts over HTTP (issue 11): `GET/POST /api/v1/drafts`, `GET/PUT/DELETE
 * /api/v1/drafts/{id}`. A session or an API token; a user sees only their own drafts (others are 404,
 * decided in db/drafts.ts); a write riding on a cookie passes the cross-site check first. Each save
 * is checked here as well as in the browser: the shape and bounds of lib/wizard/draft.ts, and that
 * the hashes agree with each other (the identifier is the SHA-1's).
 */
import { z } from "zod";
import { createBuild, createDraft, deleteDraft, getDraft, listDrafts, saveDraft, type DraftRow } from "@/db";
import { AppError } from "@/lib/errors";
import { jsonApiHandler } from "@/lib/http/handlers";
import { readJsonAs, unprocessable } from "@/lib/http/json-body";
import { baseUrl } from "@/lib/http/request-info";
import { jsonResponse, xmlDownload } from "@/lib/http/responses";
import { checkContent } from "@/lib/metadata/content/check-content";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { CertificateError, parseCertificate, type CertificateInfo } from "@/lib/metadata/pki/certificate";
import { pemBlocks } from "@/lib/metadata/pki/pem";
import { RSA_SHA1, RSA_SHA512 } from "@/lib/metadata/signature/algorithms";
import { prepareMetadataSignature, SIGNATURE_VALUE_PLACEHOLDER } from "@/lib/metadata/signature/sign";
import { draftDocument } from "@/lib/wizard/draft-metadata";
import { draftRecipe, draftRecipeProblems } from "@/lib/wizard/draft-recipe";
import {
  DRAFT_FLOWS,
  MAX_DRAFT_BYTES,
  draftBuildRequestSchema,
  draftDataSchema,
  draftWriteSchema,
  signatureRequestSchema,
  type DraftData,
} from "@/lib/wizard/draft";
import { signedInUser } from "../auth/actor";
import { packageIndex, unknownPackages } from "../build/package-names";
import { NO_PARAMS, parseParams } from "./params";

const NO_STORE = { "Cache-Control": "no-store" };

function reply(row: DraftRow, base: string) {
  return {
    id: row.id,
    flow: row.flow,
    step: row.step,
    data: row.data,
    revision: row.revision,
    url: new URL(`api/v1/drafts/${row.id}`, base).toString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * What zod cannot see: values that must agree with each other, and a build draft's recipe so far held
 * to the build API's own checks (the title comes at the build step) and to the packages a build can
 * install, so an unknown name is refused now rather than failing a build minutes later.
 */
async function consistent(data: DraftData): Promise<DraftData> {
  const hashes = data.image?.hashes;
  if (hashes && sha1ToIdentifier(hashes.sha1) !== hashes.identifier) {
    throw unprocessable([
      { field: "data.image.hashes.identifier", message: `is not the identifier of that SHA-1 (${sha1ToIdentifier(hashes.sha1)})` },
    ]);
  }
  if (data.recipe) {
    const problems = draftRecipeProblems(data.recipe);
    if (problems.length > 0) throw unprocessable(problems.map((p) => ({ field: recipeField("data.recipe", p.field), message: p.message })));
    await refuseUnknownPackages(data.recipe.packages, "data.recipe.");
  }
  return data;
}

/** A recipe problem's field under where the recipe sits (parseRecipe calls the recipe itself "recipe"). */
const recipeField = (at: string, field: string) => (field === "recipe" ? at : `${at}.${field}`);

async function refuseUnknownPackages(packages: unknown, prefix: string): Promise<void> {
  if (!Array.isArray(packages) || packages.length === 0) return;
  const index = await packageIndex();
  // A host whose apt cannot list its packages cannot tell: the build's own apt run is the check then.
  if (!index) return;
  const unknown = unknownPackages(index, packages as string[]);
  if (unknown.length > 0) {
    throw unprocessable(
      unknown.map(({ at, name }) => ({
        field: `${prefix}packages[${at}]`,
        message: `no package "${name}" in the Debian archive the builds install from: check its spelling (apt-cache search)`,
      })),
    );
  }
}

const createSchema = z.strictObject({ flow: z.enum(DRAFT_FLOWS), data: draftDataSchema.optional() });

export const listDraftsHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: false });
  const base = baseUrl(request);
  return jsonResponse(200, { drafts: (await listDrafts(actor.user.id)).map((row) => reply(row, base)) }, NO_STORE);
});

export const createDraftHandler = jsonApiHandler(async (request: Request): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: true });
  const wanted = await readJsonAs(request, createSchema, MAX_DRAFT_BYTES, "the draft");
  const row = await createDraft(actor.user.id, wanted.flow, await consistent(wanted.data ?? {}));
  const body = reply(row, baseUrl(request));
  return jsonResponse(201, body, { ...NO_STORE, Location: body.url });
});

export const getDraftHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: false });
  return jsonResponse(200, reply(await getDraft(actor.user.id, id), baseUrl(request)), NO_STORE);
});

export const saveDraftHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: true });
  const change = await readJsonAs(request, draftWriteSchema, MAX_DRAFT_BYTES, "the draft");
  const row = await saveDraft(actor.user.id, id, { ...change, data: await consistent(change.data) });
  return jsonResponse(200, reply(row, baseUrl(request)), NO_STORE);
});

export const deleteDraftHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: true });
  await deleteDraft(actor.user.id, id);
  return new Response(null, { status: 204, headers: NO_STORE });
});

/** A draft's unsigned document as the engine checks an upload, or a 422 naming each field. */
function checkedDocument(row: DraftRow): string {
  const made = draftDocument(row.data, new Date());
  if ("problems" in made) throw unprocessable(made.problems);
  const errors = checkContent(made.xml).problems.filter((problem) => problem.severity !== "warning");
  if (errors.length > 0) throw unprocessable(errors.map((problem) => ({ field: "metadata", message: problem.message })));
  return made.xml;
}

/**
 * The unsigned document of an "I have an image" draft, ready for `marketplace sign-metadata`: made by
 * the same function as the browser's preview, then held to the engine's content checks (the messages
 * of an upload). A draft that cannot make one is a 422 naming each field. A download, never inline.
 */
export const draftMetadataHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: false });
  const row = await getDraft(actor.user.id, id);
  return xmlDownload(checkedDocument(row), `${row.data.image?.hashes?.identifier ?? row.id}.xml`);
});

/**
 * `POST /api/v1/drafts/{id}/signature`: the first half of a signature made in the browser. The body
 * carries only the public certificate; the answer is the draft's document signed but for its
 * SignatureValue, and the canonical SignedInfo the browser signs with the key it never sends
 * (prepareMetadataSignature says why the result is the CLI's, byte for byte). The browser then
 * uploads the finished file through the usual upload, which verifies everything again.
 */
export const draftSignatureHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: true });
  const wanted = await readJsonAs(request, signatureRequestSchema, 128 * 1024, "the signature request");
  const certificate = signingCertificate(wanted.certificate);
  const prepared = prepareMetadataSignature(checkedDocument(await getDraft(actor.user.id, id)), certificate, {
    profile: wanted.profile,
    email: actor.user.email,
  });
  return jsonResponse(
    200,
    {
      xml: prepared.xml,
      signedInfo: prepared.signedInfo,
      signatureMethod: prepared.signatureMethod,
      placeholder: SIGNATURE_VALUE_PLACEHOLDER,
      hash: prepared.signatureMethod === RSA_SHA1 ? "SHA-1" : prepared.signatureMethod === RSA_SHA512 ? "SHA-512" : "SHA-256",
    },
    NO_STORE,
  );
});

function signingCertificate(pem: string): CertificateInfo {
  const block = pemBlocks(pem).find((candidate) => candidate.label === "CERTIFICATE");
  if (!block) throw unprocessable([{ field: "certificate", message: "is not a PEM certificate (-----BEGIN CERTIFICATE-----)" }]);
  let certificate: CertificateInfo;
  try {
    certificate = parseCertificate(block.der);
  } catch (error) {
    if (!(error instanceof CertificateError)) throw error;
    throw unprocessable([{ field: "certificate", message: `cannot be read: ${error.message}` }]);
  }
  if (certificate.keyType !== "rsa") {
    throw unprocessable([{ field: "certificate", message: `holds a ${certificate.keyType} key; only RSA keys can sign metadata` }]);
  }
  return certificate;
}

/**
 * `POST /api/v1/drafts/{id}/build`: starts the build of a "build me an image" draft's recipe, checked
 * in full as POST /api/v1/builds checks it, and keeps the build's id in the draft, so a refresh or
 * another device finds the build running. 202 with the build's id and the draft's new revision.
 */
export const draftBuildHandler = jsonApiHandler(async (request: Request, id: string): Promise<Response> => {
  parseParams(NO_PARAMS, new URL(request.url).searchParams);
  const actor = await signedInUser(request, { changes: true });
  const wanted = await readJsonAs(request, draftBuildRequestSchema, 4096, "the build request");
  const row = await getDraft(actor.user.id, id);
  if (row.flow !== "build") throw new AppError("conflict", "this draft describes an image you have: it has no build to start");
  if (row.revision !== wanted.revision) {
    throw new AppError(
      "conflict",
      "this draft was changed elsewhere (another tab or device) since you opened it: reload it to see the newer version",
      {
        revision: row.revision,
      },
    );
  }
  const made = draftRecipe(row.data.recipe);
  if ("problems" in made) throw unprocessable(made.problems.map((p) => ({ field: recipeField("recipe", p.field), message: p.message })));
  await refuseUnknownPackages(made.recipe.packages, "recipe.");
  const base = baseUrl(request);
  const build = await createBuild(actor.user.id, made.recipe as unknown as Record<string, unknown>, base);
  const saved = await saveDraft(actor.user.id, id, { step: "build", data: { ...row.data, buildId: build.id }, revision: row.revision });
  return jsonResponse(
    202,
    { build: build.id, status: build.status, url: new URL(`api/v1/builds/${build.id}`, base).toString(), revision: saved.revision },
    NO_STORE,
  );
});
