import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describe, expect, it } from "vitest";
import { javaRfc2253 } from "./dn";
import { referenceCertificates } from "./testing/reference-certificates";

const TAG = { utf8: 0x0c, printable: 0x13, t61: 0x14, ia5: 0x16, universal: 0x1c, bmp: 0x1e, general: 0x1b, octets: 0x04 };
const OID = {
  cn: "2.5.4.3",
  c: "2.5.4.6",
  l: "2.5.4.7",
  st: "2.5.4.8",
  street: "2.5.4.9",
  o: "2.5.4.10",
  ou: "2.5.4.11",
  serialNumber: "2.5.4.5",
  title: "2.5.4.12",
  dc: "0.9.2342.19200300.100.1.25",
  uid: "0.9.2342.19200300.100.1.1",
  email: "1.2.840.113549.1.9.1",
};

interface Ava {
  oid: string;
  tag?: number;
  value: string | Uint8Array;
}

/** A Name in DER, RDNs in the order given (least specific first, as encoded). */
function nameDer(rdns: Ava[][]): ArrayBuffer {
  return new asn1js.Sequence({
    value: rdns.map(
      (rdn) =>
        new asn1js.Set({
          value: rdn.map(
            (ava) =>
              new asn1js.Sequence({
                value: [new asn1js.ObjectIdentifier({ value: ava.oid }), valueBlock(ava)],
              }),
          ),
        }),
    ),
  }).toBER();
}

function valueBlock(ava: Ava): asn1js.AsnType {
  const content = typeof ava.value === "string" ? new Uint8Array(Buffer.from(ava.value, "utf8")) : ava.value;
  if (ava.tag === 0x05) return new asn1js.Null();
  return new asn1js.Primitive({ idBlock: { tagClass: 1, tagNumber: ava.tag ?? TAG.printable }, valueHex: content });
}

const one = (oid: string, value: string | Uint8Array, tag?: number): Ava[][] => [[{ oid, value, ...(tag === undefined ? {} : { tag }) }]];

describe("javaRfc2253 on the reference certificates", () => {
  const references = referenceCertificates();

  it("finds every signed reference document", () => {
    expect(references.map((r) => r.file)).toEqual(
      expect.arrayContaining(["client/manifest-invalid-sha1.xml", "metadata/valid-full-signature.xml", "marketplace/valid-ca-signed.xml"]),
    );
    expect(references.length).toBeGreaterThanOrEqual(15);
  });

  it.each(references.map((r) => [r.file, r] as const))("%s: subject and issuer equal the document's strings", (_, reference) => {
    const certificate = pkijs.Certificate.fromBER(reference.der);
    expect(javaRfc2253(certificate.subject.valueBeforeDecode)).toBe(reference.subject);
    expect(javaRfc2253(certificate.issuer.valueBeforeDecode)).toBe(reference.issuer);
  });

  it("renders the CERN grid subject with repeated CN, OU and DC most specific first", () => {
    const cern = references.find((r) => r.file === "client/manifest-invalid-sha1.xml");
    const certificate = pkijs.Certificate.fromBER(cern!.der);
    expect(javaRfc2253(certificate.subject.valueBeforeDecode)).toBe(
      "CN=Konstantin Skaburskas,CN=658461,CN=kskaburs,OU=Users,OU=Organic Units,DC=cern,DC=ch",
    );
  });
});

describe("javaRfc2253 on synthetic names", () => {
  it("reverses the DER order of RDNs", () => {
    const der = nameDer([[{ oid: OID.c, value: "EU" }], [{ oid: OID.o, value: "StratusLab" }], [{ oid: OID.cn, value: "Jane" }]]);
    expect(javaRfc2253(der)).toBe("CN=Jane,O=StratusLab,C=EU");
  });

  it("accepts a Uint8Array view into a larger buffer", () => {
    const der = new Uint8Array(nameDer(one(OID.cn, "x")));
    const padded = new Uint8Array(der.length + 4);
    padded.set(der, 2);
    expect(javaRfc2253(padded.subarray(2, 2 + der.length))).toBe("CN=x");
  });

  it("joins the AVAs of a multi-valued RDN with + in DER order", () => {
    const der = nameDer([
      [{ oid: OID.c, value: "EU" }],
      [
        { oid: OID.ou, value: "Testing" },
        { oid: OID.cn, value: "Jane" },
        { oid: OID.uid, value: "jane", tag: TAG.utf8 },
      ],
    ]);
    expect(javaRfc2253(der)).toBe("OU=Testing+CN=Jane+UID=jane,C=EU");
  });

  it("uses keywords only for CN, C, L, ST, O, OU, STREET, DC and UID", () => {
    const der = nameDer([
      [{ oid: OID.dc, value: "org", tag: TAG.ia5 }],
      [{ oid: OID.c, value: "FR" }],
      [{ oid: OID.st, value: "Isere" }],
      [{ oid: OID.l, value: "Grenoble" }],
      [{ oid: OID.street, value: "Rue" }],
      [{ oid: OID.o, value: "Org" }],
      [{ oid: OID.ou, value: "Unit" }],
      [{ oid: OID.uid, value: "u1" }],
      [{ oid: OID.cn, value: "Name" }],
    ]);
    expect(javaRfc2253(der)).toBe("CN=Name,UID=u1,OU=Unit,O=Org,STREET=Rue,L=Grenoble,ST=Isere,C=FR,DC=org");
  });

  it("prints emailAddress as its OID and the lowercase hex of the whole DER value", () => {
    const der = nameDer([[{ oid: OID.cn, value: "Jane" }], [{ oid: OID.email, value: "jane@example.org", tag: TAG.ia5 }]]);
    expect(javaRfc2253(der)).toBe("1.2.840.113549.1.9.1=#16106a616e65406578616d706c652e6f7267,CN=Jane");
  });

  it("prints other attribute types (serialNumber, title, unknown OIDs) as #hex whatever their string type", () => {
    expect(javaRfc2253(nameDer(one(OID.serialNumber, "1234")))).toBe("2.5.4.5=#130431323334");
    expect(javaRfc2253(nameDer(one(OID.title, "Dr", TAG.utf8)))).toBe("2.5.4.12=#0c024472");
    expect(javaRfc2253(nameDer(one("1.3.6.1.4.1.99999.1", "x,y", TAG.utf8)))).toBe("1.3.6.1.4.1.99999.1=#0c03782c79");
  });

  it("prints a keyword attribute as #hex when its value is not one of Java's string types", () => {
    const universal = new Uint8Array([0, 0, 0, 0x41]);
    expect(javaRfc2253(nameDer(one(OID.cn, universal, TAG.universal)))).toBe("CN=#1c0400000041");
    expect(javaRfc2253(nameDer(one(OID.cn, new Uint8Array([1, 2]), TAG.octets)))).toBe("CN=#04020102");
    expect(javaRfc2253(nameDer(one(OID.cn, "", 0x05)))).toBe("CN=#0500");
  });

  it("treats PrintableString, T61String, IA5String, GeneralString, BMPString and UTF8String as strings", () => {
    for (const tag of [TAG.printable, TAG.t61, TAG.ia5, TAG.general, TAG.utf8]) {
      expect(javaRfc2253(nameDer(one(OID.cn, "Plain", tag)))).toBe("CN=Plain");
    }
  });

  it('backslash-escapes , = + < > # ; " and \\ anywhere in the value', () => {
    expect(javaRfc2253(nameDer(one(OID.cn, 'a,b=c+d<e>f#g;h"i\\j')))).toBe('CN=a\\,b\\=c\\+d\\<e\\>f\\#g\\;h\\"i\\\\j');
    expect(javaRfc2253(nameDer(one(OID.o, "#start")))).toBe("O=\\#start");
  });

  it("escapes NUL as \\00", () => {
    expect(javaRfc2253(nameDer(one(OID.cn, "a\u0000b", TAG.utf8)))).toBe("CN=a\\00b");
  });

  it("escapes leading and trailing spaces and carriage returns, but not inner ones", () => {
    expect(javaRfc2253(nameDer(one(OID.cn, "  Jane  Tester ", TAG.utf8)))).toBe("CN=\\ \\ Jane  Tester\\ ");
    expect(javaRfc2253(nameDer(one(OID.cn, "\rx\r", TAG.utf8)))).toBe("CN=\\\rx\\\r");
    expect(javaRfc2253(nameDer(one(OID.cn, "   ", TAG.utf8)))).toBe("CN=\\ \\ \\ ");
    expect(javaRfc2253(nameDer(one(OID.cn, "a\tb\n", TAG.utf8)))).toBe("CN=a\tb\n");
  });

  it("keeps non-ASCII UTF-8 text as is", () => {
    expect(javaRfc2253(nameDer(one(OID.cn, "Jérôme Ünïcødé 日本", TAG.utf8)))).toBe("CN=Jérôme Ünïcødé 日本");
  });

  it("decodes every string type as UTF-8 like Java, so BMPString bytes show their zero bytes as \\00", () => {
    const bmp = new Uint8Array(Buffer.from("\u0000A\u0000B", "latin1"));
    expect(javaRfc2253(nameDer(one(OID.cn, bmp, TAG.bmp)))).toBe("CN=\\00A\\00B");
  });

  it("replaces bytes that are not UTF-8 (a Latin-1 T61String) with U+FFFD", () => {
    const latin1 = new Uint8Array(Buffer.from("Jérôme", "latin1"));
    expect(javaRfc2253(nameDer(one(OID.cn, latin1, TAG.t61)))).toBe("CN=J\uFFFDr\uFFFDme");
  });

  it("keeps a leading byte order mark, which Java's decoder does not strip", () => {
    expect(javaRfc2253(nameDer(one(OID.cn, "\uFEFFx", TAG.utf8)))).toBe("CN=\uFEFFx");
  });

  it("renders an empty name as the empty string", () => {
    expect(javaRfc2253(new asn1js.Sequence({ value: [] }).toBER())).toBe("");
  });

  it("throws on bytes that are not a Name", () => {
    expect(() => javaRfc2253(new Uint8Array([1, 2, 3]))).toThrow();
    expect(() => javaRfc2253(new asn1js.Integer({ value: 5 }).toBER())).toThrow();
  });
});
