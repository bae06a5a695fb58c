/**
 * Signed metadata for the HTTP tests, made before the server starts (signing is CPU work that would
 * otherwise stall the test's own connections): entries signed by the test PKI as the CLI signs them,
 * or, with `extra` markup, signed as they are (how an attacker gets a valid signature over anything).
 */
import { credentialsOf, signRaw, testSigners } from "@/lib/metadata/__tests__/signing-helpers";
import type { TestIdentity } from "@/lib/metadata/pki/testing/test-pki";
import { signMetadata } from "@/lib/metadata/signature/sign";
import { signerFor, unsignedEntry, type EntrySpec } from "@/db/testing/signed-entries";

export interface DocumentSpec extends EntrySpec {
  /** Signs with this identity instead of the email's test certificate. */
  signer?: TestIdentity;
  /** Markup added at the end of rdf:Description, signed as it is. */
  extra?: string;
  /** A change to the endorsed draft before it is signed as it is. */
  transform?: (draft: string) => string;
}

export async function signedDocument(spec: DocumentSpec): Promise<string> {
  const signer = spec.signer ?? (await signerFor(spec.email ?? "jane.tester@example.org"));
  const draft = unsignedEntry(spec);
  if (spec.extra === undefined && spec.transform === undefined)
    return signMetadata(draft, credentialsOf(signer), { now: new Date(spec.created), email: spec.email });
  const email = spec.email ?? signer.certificate.emails[0] ?? "jane.tester@example.org";
  const endorsed = draft
    .replace(
      '<slreq:endorsement rdf:parseType="Resource"/>',
      `<slreq:endorsement rdf:parseType="Resource"><dcterms:created>${spec.created}</dcterms:created><slreq:endorser rdf:parseType="Resource"><slreq:email>${email}</slreq:email><slreq:subject>${signer.certificate.subject}</slreq:subject><slreq:issuer>${signer.certificate.issuer}</slreq:issuer></slreq:endorser></slreq:endorsement>`,
    )
    .replace("</rdf:Description>", `${spec.extra ?? ""}</rdf:Description>`);
  return signRaw(spec.transform ? spec.transform(endorsed) : endorsed, signer);
}

export { testSigners };
