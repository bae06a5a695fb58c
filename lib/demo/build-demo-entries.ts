/**
 * Signed demo entries, made with the same code as real ones: certificates for the demo endorsers
 * (two from a demo CA, one self-signed), a skeleton per appliance, signed with the modern profile;
 * deprecations as newer signed entries. Pure: returns documents, stores nothing.
 */
import crypto from "node:crypto";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { buildSkeleton } from "@/lib/metadata/image/skeleton";
import { prepareDeprecation } from "@/lib/metadata/deprecate";
import { endorserName } from "@/lib/metadata/pki/display-name";
import { issueCertificate, type IssuedIdentity } from "@/lib/metadata/pki/issue-certificate";
import { signMetadata } from "@/lib/metadata/signature/sign";
import { DEMO_APPLIANCES, DEMO_CA_SUBJECT, DEMO_ENDORSERS, type DemoAppliance, type DemoEndorser } from "./appliances";

const DAY = 86_400_000;

export interface DemoEntries {
  caPem: string;
  /** Signed documents in upload order (a deprecation after the entry it deprecates). */
  documents: string[];
}

export async function buildDemoEntries(now: Date = new Date()): Promise<DemoEntries> {
  const years = (n: number) => new Date(now.getTime() + n * 365 * DAY);
  const ca = await issueCertificate({ subject: DEMO_CA_SUBJECT, ca: true, notBefore: years(-3), notAfter: years(10) });
  const identities = {} as Record<DemoEndorser, IssuedIdentity>;
  for (const [name, endorser] of Object.entries(DEMO_ENDORSERS) as Array<[DemoEndorser, (typeof DEMO_ENDORSERS)[DemoEndorser]]>) {
    identities[name] = await issueCertificate({
      subject: endorser.subject,
      email: endorser.email,
      issuer: endorser.selfSigned ? undefined : ca,
      notBefore: years(-2),
      notAfter: years(3),
    });
  }

  const documents: string[] = [];
  for (const appliance of DEMO_APPLIANCES) {
    const endorsed = new Date(now.getTime() - appliance.endorsedDaysAgo * DAY);
    const unsigned = skeletonFor(appliance, endorsed);
    for (const endorser of [appliance.endorser, ...(appliance.alsoEndorsedBy ?? [])]) {
      const signingTime = new Date(endorsed.getTime() + (endorser === appliance.endorser ? 0 : 3 * DAY));
      const signed = signMetadata(unsigned, identities[endorser], { now: signingTime });
      documents.push(signed);
      if (appliance.deprecatedBecause && endorser === appliance.endorser) {
        const deprecation = prepareDeprecation(signed, appliance.deprecatedBecause);
        documents.push(signMetadata(deprecation, identities[endorser], { now: new Date(now.getTime() - 7 * DAY) }));
      }
    }
  }
  return { caPem: ca.certPem, documents };
}

function skeletonFor(appliance: DemoAppliance, endorsed: Date): string {
  // A stable pseudo image per appliance, so the identifier and checksums are consistent.
  const image = crypto.createHash("sha512").update(`demo:${appliance.title}`).digest();
  const digest = (algorithm: string) => crypto.createHash(algorithm).update(image).digest("hex");
  const sha1 = digest("sha1");
  return buildSkeleton({
    checksums: {
      bytes: BigInt(Math.round(appliance.sizeGiB * 1024 ** 3)),
      md5: digest("md5"),
      sha1,
      sha256: digest("sha256"),
      sha512: digest("sha512"),
      identifier: sha1ToIdentifier(sha1),
    },
    kind: appliance.kind,
    os: appliance.os,
    osVersion: appliance.osVersion,
    osArch: appliance.osArch,
    version: appliance.version,
    compression: appliance.compression,
    locations: [appliance.location],
    format: appliance.format,
    creator: endorserName(DEMO_ENDORSERS[appliance.endorser].subject),
    created: new Date(endorsed.getTime() - DAY),
    valid: new Date(endorsed.getTime() + appliance.validDays * DAY),
    title: appliance.title,
    tag: appliance.tag,
    description: appliance.description,
  });
}
