import "server-only";
/**
 * The wizard's drafts over HTTP (issue 11): `GET/POST /api/v1/drafts`, `GET/PUT/DELETE
 * /api/v1/drafts/{id}`. A session or an API token; a user sees only their own drafts (others are 404,
 * decided in db/drafts.ts); a write riding on a cookie passes the cross-site check first. Each save
 * is checked here as well as in the browser: the shape and bounds of lib/wizard/draft.ts, and that
 * the hashes agree with each other (the identifier is the SHA-1's).
 */
import { z } from "zod";
import { createDraft, deleteDraft, getDraft, listDrafts, saveDraft, type DraftRow } from "@/db";
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
import {
  DRAFT_FLOWS,
  MAX_DRAFT_BYTES,
  draftDataSchema,
  draftWriteSchema,
  signatureRequestSchema,
  type DraftData,
} from "@/lib/wizard/draft";
import { signedInUser } from "../auth/actor";
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

/** What zod cannot see: values that must agree with each other. */
function consistent(data: DraftData): DraftData {
  const hashes = data.image?.hashes;
  if (hashes && sha1ToIdentifier(hashes.sha1) !== hashes.identifier) {
    throw unprocessable([
      { field: "data.image.hashes.identifier", message: `is not the identifier of that SHA-1 (${sha1ToIdentifier(hashes.sha1)})` },
    ]);
  }
  return data;
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
  const row = await createDraft(actor.user.id, wanted.flow, consistent(wanted.data ?? {}));
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
  const row = await saveDraft(actor.user.id, id, { ...change, data: consistent(change.data) });
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
