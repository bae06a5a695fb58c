/**
 * ASN.1 schema for an X.509 Name that keeps every attribute value as its original DER bytes.
 * The stock @peculiar/asn1-x509 Name decodes values into JS strings, which loses the string tag and
 * the exact bytes that Java's RFC 2253 rendering depends on.
 *
 * The decorators are applied as plain function calls because the project compiles with standard
 * (TC39) decorators, which @peculiar/asn1-schema does not support.
 */
import { AsnArray, AsnParser, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from "@peculiar/asn1-schema";
import * as asn1js from "asn1js";

class RawAttributeTypeAndValue {
  type = "";
  /** The whole DER encoding (tag, length, content); null for an ASN.1 NULL value. */
  value: ArrayBuffer | null = null;
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(RawAttributeTypeAndValue.prototype, "type");
AsnProp({ type: AsnPropTypes.Any })(RawAttributeTypeAndValue.prototype, "value");
AsnType({ type: AsnTypeTypes.Sequence })(RawAttributeTypeAndValue);

class RawRelativeDistinguishedName extends AsnArray<RawAttributeTypeAndValue> {}
AsnType({ type: AsnTypeTypes.Set, itemType: RawAttributeTypeAndValue })(RawRelativeDistinguishedName);

class RawName extends AsnArray<RawRelativeDistinguishedName> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: RawRelativeDistinguishedName })(RawName);

const DER_NULL = new Uint8Array([0x05, 0x00]);

export interface NameAttribute {
  /** Dotted OID of the attribute type. */
  oid: string;
  /** The identifier octet of the value, e.g. 0x13 for PrintableString. */
  tag: number;
  /** DER encoding of the value: tag, length and content. */
  encoded: Uint8Array;
  /** Content octets of a primitive value; undefined for a constructed one. */
  content?: Uint8Array;
}

/** RDNs in DER order; the attributes of a multi-valued RDN also in DER order. */
export type NameAttributes = NameAttribute[][];

export function decodeName(nameDer: Uint8Array | ArrayBuffer): NameAttributes {
  const name = AsnParser.parse(nameDer, RawName);
  return Array.from(name, (rdn) => Array.from(rdn, toNameAttribute));
}

function toNameAttribute(ava: RawAttributeTypeAndValue): NameAttribute {
  // The Any converter of asn1-schema turns an ASN.1 NULL into null; Java still prints it as #0500.
  const encoded = ava.value === null ? DER_NULL : new Uint8Array(ava.value);
  const parsed = asn1js.fromBER(encoded);
  if (parsed.offset === -1) throw new Error(`cannot decode the value of attribute ${ava.type}`);
  const block = parsed.result;
  const tag = encoded[0] ?? 0;
  if (block.idBlock.isConstructed) return { oid: ava.type, tag, encoded };
  const start = block.idBlock.blockLength + block.lenBlock.blockLength;
  return { oid: ava.type, tag, encoded, content: encoded.subarray(start, start + block.lenBlock.length) };
}
