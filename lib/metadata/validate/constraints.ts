/**
 * The original `ValidateMetadataConstraints`, which the server ran on every upload. The messages are
 * the original texts (the server reports them as `invalid metadata: <message>`), with one fix: the
 * created-date message prints the created value, where the original printed the valid date.
 */
import { identifierToBigInt, identifierToSha1, isIdentifier } from "../identifier";
import { NS, XML_BASE } from "../namespaces";
import { problem, type Problem } from "../problems";
import { attr, childrenNamed, elementChildren, firstChild, hasElementChildren, is, trimmedText, type XElement } from "../content/tree";
import { isMetadataDate } from "../dates";

const AT_MOST_ONE = ["serial-number", "version", "deprecated", "os", "os-arch", "os-version"] as const;

function significantHex(hex: string): string {
  return hex.toLowerCase().replace(/^0+/, "");
}

export function checkConstraints(root: XElement): Problem[] {
  const problems: Problem[] = [];
  if (attr(root, NS.xml, "base") !== XML_BASE) {
    problems.push(problem("constraint.xml_base", `root element must have xml:base attribute with value ${XML_BASE}`, "rdf:RDF"));
  }
  const description = elementChildren(root).find((c) => is(c, NS.rdf, "Description"));
  if (!description) return problems;
  const path = "rdf:RDF/rdf:Description";

  const types = childrenNamed(description, NS.dcterms, "type");
  if (types.length !== 1) {
    problems.push(problem("constraint.type_count", "description must have exactly 1 dcterms:type element", path));
  } else if (hasElementChildren(types[0] as XElement)) {
    problems.push(problem("constraint.type_children", "dcterms:type cannot have child elements", `${path}/dcterms:type`));
  }

  const sha1Checksums = childrenNamed(description, NS.slreq, "checksum").filter((c) => {
    const algorithm = firstChild(c, NS.slreq, "algorithm");
    return algorithm !== undefined && trimmedText(algorithm) === "SHA-1";
  });
  if (sha1Checksums.length !== 1) {
    problems.push(problem("constraint.sha1_count", "description must have exactly 1 slterms:checksum element using SHA-1 algorithm", path));
  }

  for (const local of AT_MOST_ONE) {
    if (childrenNamed(description, NS.slterms, local).length > 1) {
      problems.push(problem("constraint.at_most_one", `description must have at most 1 slterms:${local} element`, path));
    }
  }

  const identifierElement = firstChild(description, NS.dcterms, "identifier");
  const identifier = identifierElement ? trimmedText(identifierElement) : undefined;
  const about = attr(description, NS.rdf, "about");
  if (identifier !== undefined && about !== undefined && about !== `#${identifier}`) {
    problems.push(
      problem(
        "constraint.about_identifier",
        `rdf:about attribute (${about}) and dcterms:identifier (${identifier}) are not consistent`,
        path,
      ),
    );
  }

  const sha1Element = sha1Checksums[0] && firstChild(sha1Checksums[0], NS.slreq, "value");
  if (identifier !== undefined && sha1Element) {
    checkIdentifierMatchesSha1(identifier, trimmedText(sha1Element), path, problems);
  }

  const valid = firstChild(description, NS.dcterms, "valid");
  if (valid && !isMetadataDate(trimmedText(valid))) {
    problems.push(problem("constraint.date", `dcterms:valid value (${trimmedText(valid)}) is not a valid date`, `${path}/dcterms:valid`));
  }
  const endorsement = firstChild(description, NS.slreq, "endorsement");
  const created = endorsement && firstChild(endorsement, NS.dcterms, "created");
  if (created && trimmedText(created) !== "" && !isMetadataDate(trimmedText(created))) {
    problems.push(
      problem(
        "constraint.date",
        `dcterms:created value (${trimmedText(created)}) is not a valid date`,
        `${path}/slreq:endorsement/dcterms:created`,
      ),
    );
  }
  return problems;
}

/**
 * Compared as numbers, as the original did, so a SHA-1 written with extra leading zeros still matches.
 * The numbers are equal exactly when the hex digits without leading zeros are; BigInts are only built
 * for the message.
 */
function checkIdentifierMatchesSha1(identifier: string, sha1: string, path: string, problems: Problem[]): void {
  const sha1Digits = /^[0-9a-fA-F]+$/.test(sha1) ? significantHex(sha1) : undefined;
  if (sha1Digits === undefined || sha1Digits.length > 40) {
    problems.push(problem("constraint.sha1_value", `${sha1} is not a valid SHA-1 checksum`, `${path}/slreq:checksum`));
    return;
  }
  if (!isIdentifier(identifier)) {
    // The original threw an unchecked exception here (an HTTP 500); say what is wrong instead.
    problems.push(
      problem(
        "constraint.identifier_checksum",
        `dcterms:identifier (${identifier}) is not an image identifier: it must be 27 characters from A-Z, a-z, 0-9, "-" and "_"`,
        `${path}/dcterms:identifier`,
      ),
    );
    return;
  }
  // A first digit above 'P' encodes more than 160 bits and can never equal a SHA-1.
  const identifierDigits = "ABCDEFGHIJKLMNOP".includes(identifier[0] as string) ? significantHex(identifierToSha1(identifier)) : undefined;
  if (identifierDigits !== sha1Digits) {
    problems.push(
      problem(
        "constraint.identifier_checksum",
        `checksum from identifier (${identifierToBigInt(identifier)}) and SHA-1 checksum (${BigInt(`0x${sha1}`)}) are not consistent`,
        `${path}/dcterms:identifier`,
      ),
    );
  }
}
