/**
 * The original's endorser consistency rule: the certificate's subject and issuer (Java RFC 2253
 * strings) must equal the document's first slreq:subject and slreq:issuer, and the certificate's
 * first email subjectAltName, when it has one, must equal slreq:email. Without an email SAN the
 * document's email is not tied to the certificate; the server proves it by email confirmation.
 */
import type { MetadataEntry } from "../model";
import type { CertificateInfo } from "../pki/certificate";
import { problem, type Problem } from "../problems";

export function checkEndorser(entry: MetadataEntry, certificate: CertificateInfo): Problem[] {
  const endorser = entry.endorsement.endorser;
  if (!endorser) {
    return [
      problem(
        "schema.missing",
        "the signed entry has no slreq:endorser: the signature must be made with the endorsement filled in (marketplace sign-metadata does this)",
        "rdf:RDF/rdf:Description/slreq:endorsement",
      ),
    ];
  }
  const pairs: Array<[key: string, fromCertificate: string | undefined, fromDocument: string]> = [
    ["subject", certificate.subject, endorser.subject],
    ["issuer", certificate.issuer, endorser.issuers[0] ?? ""],
    ["email", certificate.emails[0], endorser.email],
  ];
  const problems: Problem[] = [];
  for (const [key, fromCertificate, fromDocument] of pairs) {
    if (fromCertificate !== undefined && fromCertificate !== fromDocument) {
      problems.push(
        problem(
          "endorser.inconsistent",
          `endorser inconsistency (${key}): ${fromCertificate} != ${fromDocument}`,
          `rdf:RDF/rdf:Description/slreq:endorsement/slreq:endorser/slreq:${key}`,
        ),
      );
    }
  }
  return problems;
}
