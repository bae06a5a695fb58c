import * as asn1js from "asn1js";
import { describe, expect, it } from "vitest";
import { commonName, displayName, endorserName } from "./display-name";
import { javaRfc2253 } from "./dn";

/** A Name in DER from [oid, tag, text] attributes, least specific first (as `openssl -subj` encodes). */
function nameDer(attributes: Array<[string, number, string | Uint8Array]>): ArrayBuffer {
  return new asn1js.Sequence({
    value: attributes.map(
      ([oid, tag, value]) =>
        new asn1js.Set({
          value: [
            new asn1js.Sequence({
              value: [
                new asn1js.ObjectIdentifier({ value: oid }),
                new asn1js.Primitive({
                  idBlock: { tagClass: 1, tagNumber: tag },
                  valueHex: typeof value === "string" ? new Uint8Array(Buffer.from(value, "utf8")) : value,
                }),
              ],
            }),
          ],
        }),
    ),
  }).toBER();
}

const EMAIL = "1.2.840.113549.1.9.1";

describe("displayName", () => {
  it("names and decodes the emailAddress of the openssl -subj recipe", () => {
    const rfc2253 = javaRfc2253(
      nameDer([
        ["2.5.4.3", 0x0c, "New Comer"],
        [EMAIL, 0x16, "newcomer@example.net"],
      ]),
    );
    expect(rfc2253).toMatch(/^1\.2\.840\.113549\.1\.9\.1=#16146e6577636f6d6572/);
    expect(displayName(rfc2253)).toBe("emailAddress=newcomer@example.net, CN=New Comer");
  });

  it("leaves keyword attributes as they read, without RFC 2253 escapes", () => {
    expect(displayName("CN=Doe\\, Jane,OU=R\\+D,O=Example,C=EU")).toBe("CN=Doe, Jane, OU=R+D, O=Example, C=EU");
    expect(displayName("CN=J\\C3\\A9r\\C3\\B4me,C=FR")).toBe("CN=Jérôme, C=FR");
  });

  it("decodes UTF8String, PrintableString, BMPString and UniversalString values of unnamed types", () => {
    const bmp = Uint8Array.from([0x00, 0x4a, 0x00, 0xe9]); // "Jé"
    const universal = Uint8Array.from([0, 0, 0, 0x4b, 0, 1, 0xf6, 0x00]); // "K😀"
    const rfc2253 = javaRfc2253(
      nameDer([
        ["2.5.4.5", 0x13, "12345"],
        ["2.5.4.42", 0x1e, bmp],
        ["2.5.4.4", 0x1c, universal],
        ["2.5.4.12", 0x0c, "Ingénieur"],
      ]),
    );
    expect(displayName(rfc2253)).toBe("title=Ingénieur, SN=K😀, GN=Jé, serialNumber=12345");
  });

  it("decodes long-form lengths", () => {
    const long = "x".repeat(200) + "@example.net";
    expect(displayName(javaRfc2253(nameDer([[EMAIL, 0x16, long]])))).toBe(`emailAddress=${long}`);
  });

  it("keeps multi-valued RDNs together", () => {
    expect(displayName(javaRfc2253(nameDer([])))).toBe("");
    expect(displayName("CN=Jane+UID=jane,DC=example,DC=org")).toBe("CN=Jane + UID=jane, DC=example, DC=org");
  });

  it("keeps values it cannot decode as they are, and unknown OIDs dotted", () => {
    expect(displayName("1.2.3.4=#0403010203")).toBe("1.2.3.4=#0403010203");
    expect(displayName("1.2.3.4=#160a41")).toBe("1.2.3.4=#160a41");
    expect(displayName("1.2.3.4=#zz")).toBe("1.2.3.4=#zz");
    expect(displayName(`${EMAIL}=#1603616263`)).toBe("emailAddress=abc");
  });

  it("shows control characters as replacement characters", () => {
    expect(displayName(`${EMAIL}=#1603610a62`)).toBe("emailAddress=a\ufffdb");
  });
});

describe("commonName and endorserName (the one reading of a DN's CN)", () => {
  it.each([
    ["CN=Jane Tester,OU=Testing Department,O=StratusLab Project,C=EU", "Jane Tester"],
    ["OU=Unit,CN=Doe\\, John+UID=jd,O=X", "Doe, John"],
    ['CN="Quoted, Name",O=X', "Quoted, Name"],
    ["CN=Ren\\C3\\A9e,O=X", "Renée"],
    ["cn=lower case,O=X", "lower case"],
    ["DC=org,DC=example,CN=robot/host.example.org,CN=Real Name", "robot/host.example.org"],
    ["CN=Alice Martin (demo),OU=Image Team,O=Demo Cloud Lab,C=FR", "Alice Martin (demo)"],
    ["O=No Common Name,C=EU", undefined],
    ["CN=#0403414243,O=X", undefined],
    ["CN=,O=X", undefined],
  ])("%j -> %j", (subject, cn) => {
    expect(commonName(subject)).toBe(cn);
    expect(endorserName(subject)).toBe(cn ?? subject);
  });
});
