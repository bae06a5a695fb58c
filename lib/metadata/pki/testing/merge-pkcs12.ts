/**
 * Joins PKCS#12 files made with the same password into one file with several key entries, in the
 * order given. `openssl pkcs12 -export` writes one key per file, yet keystores with several entries
 * exist (Java keytool makes them) and the signer must pick the last. The encrypted contents are
 * copied untouched; only the integrity MAC is recomputed.
 */
import { randomBytes } from "node:crypto";
import forge from "node-forge";

const { asn1 } = forge;
const MAC_ITERATIONS = 2048;

export function mergePkcs12(files: Uint8Array[], password: string, macDigest: "sha1" | "sha256"): Uint8Array {
  const contentInfos = files.flatMap((file) => authenticatedSafeOf(file).value as forge.asn1.Asn1[]);
  const authenticatedSafe = asn1.toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, contentInfos)).getBytes();
  const pfx = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(3).getBytes()),
    dataContentInfo(authenticatedSafe),
    macData(authenticatedSafe, password, macDigest),
  ]);
  return new Uint8Array(Buffer.from(asn1.toDer(pfx).getBytes(), "binary"));
}

function authenticatedSafeOf(file: Uint8Array): forge.asn1.Asn1 {
  const pfx = asn1.fromDer(forge.util.createBuffer(Buffer.from(file).toString("binary")));
  const [, contentInfo] = pfx.value as forge.asn1.Asn1[];
  const [, explicitContent] = contentInfo?.value as forge.asn1.Asn1[];
  const [octets] = explicitContent?.value as forge.asn1.Asn1[];
  if (octets === undefined || typeof octets.value !== "string") throw new Error("unexpected PKCS#12 layout");
  return asn1.fromDer(octets.value);
}

function dataContentInfo(content: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(forge.pki.oids.data!).getBytes()),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, content)]),
  ]);
}

function macData(content: string, password: string, digest: "sha1" | "sha256"): forge.asn1.Asn1 {
  const salt = randomBytes(8).toString("binary");
  const md = digest === "sha1" ? forge.md.sha1.create() : forge.md.sha256.create();
  const key = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt), 3, MAC_ITERATIONS, md.digestLength, md);
  const hmac = forge.hmac.create();
  hmac.start(md, key.getBytes());
  hmac.update(content);
  const oid = digest === "sha1" ? forge.pki.oids.sha1! : forge.pki.oids.sha256!;
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ""),
      ]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, hmac.digest().getBytes()),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, salt),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(MAC_ITERATIONS).getBytes()),
  ]);
}
