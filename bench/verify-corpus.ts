/**
 * The corpus of bench:verify: 2,000 distinct, realistic signed entries (random images' checksums,
 * several OSes, both signing profiles), signed by a leaf of a test CA, cached in bench/.cache/verify.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sha1ToIdentifier } from "@/lib/metadata/identifier";
import { buildSkeleton } from "@/lib/metadata/image/skeleton";
import { createTestCa, createTestLeaf } from "@/lib/metadata/pki/testing/test-pki";
import { signMetadata } from "@/lib/metadata/signature/sign";

export interface VerifyCorpus {
  dir: string;
  files: string[];
  caFile: string;
}

const OSES = [
  ["Ubuntu", "24.04", "x86_64"],
  ["CentOS", "7.9", "x86_64"],
  ["Debian", "12", "aarch64"],
  ["ScientificLinux", "6.5", "i686"],
  ["Fedora", "40", "x86_64"],
] as const;

export async function verifyCorpus(count: number): Promise<VerifyCorpus> {
  const dir = path.join(import.meta.dirname, ".cache", `verify-${count}`);
  const caFile = path.join(dir, "ca", "ca.pem");
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `entry-${String(i).padStart(5, "0")}.xml`));
  if (files.every((f) => fs.existsSync(f)) && fs.existsSync(caFile)) return { dir, files, caFile };

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "ca"), { recursive: true });
  const validity = { notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2040-01-01T00:00:00Z") };
  const ca = await createTestCa(validity);
  const leaf = await createTestLeaf({ issuer: ca, email: "jane.tester@example.org", ...validity });
  fs.writeFileSync(caFile, ca.certPem);
  const credentials = { privateKey: leaf.privateKey, privateKeyPem: leaf.keyPem, certificate: leaf.certificate, chain: [] };
  files.forEach((file, i) => {
    const [os, osVersion, osArch] = OSES[i % OSES.length] as (typeof OSES)[number];
    const image = crypto.randomBytes(64);
    const digest = (name: string) => crypto.createHash(name).update(image).digest("hex");
    const sha1 = digest("sha1");
    const created = new Date(Date.UTC(2025, 0, 1) + i * 3_600_000);
    const unsigned = buildSkeleton({
      checksums: {
        bytes: BigInt(1 << 30) + BigInt(i),
        md5: digest("md5"),
        sha1,
        sha256: digest("sha256"),
        sha512: digest("sha512"),
        identifier: sha1ToIdentifier(sha1),
      },
      os,
      osVersion,
      osArch,
      version: `1.${i}`,
      compression: "gz",
      locations: [`https://images.example.org/${os.toLowerCase()}/${i}.img.gz`],
      creator: "Jane Tester",
      created,
      title: `${os} ${osVersion} base image #${i}`,
      tag: `${os.toLowerCase()}-base`,
      description: `A minimal ${os} ${osVersion} appliance for ${osArch}, with cloud-init and the contextualization agent.`,
    });
    const profile = i % 2 === 0 ? "modern" : "legacy";
    fs.writeFileSync(file, signMetadata(unsigned, credentials, { profile, now: new Date(created.getTime() + 60_000) }));
  });
  return { dir, files, caFile };
}
