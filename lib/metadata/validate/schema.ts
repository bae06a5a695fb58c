/**
 * The rules of the original `image-metadata.xsd`, which only `stratus-validate-metadata` ran: root and
 * description structure, the order of the required head elements, cardinalities, value patterns and
 * `rdf:parseType`. Implemented over the content tree so each failure names the element and says what
 * is wrong, where a schema validator would print a generic message. Two rules are this server's own:
 * xml:base only on the root, and image locations limited to http(s) and pdisk.
 */
import { MISSING_LOCATION_WARNING, checkLocation } from "../location";
import { NS, XML_BASE } from "../namespaces";
import { problem, warning, type Problem } from "../problems";
import { attr, childrenNamed, directText, displayName, elementChildren, is, trimmedText, type XElement } from "../content/tree";

const ABOUT_PATTERN = /^#[A-Za-z0-9_-]{27}$/;
const IDENTIFIER_TEXT = /^[A-Za-z0-9_-]{27}$/;
const EMAIL_PATTERN = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/;
const HEX_PATTERN = /^[A-Fa-f0-9]+$/;
const NON_NEGATIVE_INTEGER = /^\+?[0-9]+$/;

type Name = readonly [ns: string, local: string];
const IDENTIFIER: Name = [NS.dcterms, "identifier"];
const BYTES: Name = [NS.slreq, "bytes"];
const CHECKSUM: Name = [NS.slreq, "checksum"];
const ENDORSEMENT: Name = [NS.slreq, "endorsement"];
const LOCATION: Name = [NS.slterms, "location"];
const HEAD: readonly Name[] = [IDENTIFIER, BYTES, CHECKSUM, ENDORSEMENT];

/** Integer-valued terms the schema declares, with their inclusive range. */
const INTEGER_TERMS: ReadonlyArray<{ name: Name; max?: number; what: string }> = [
  { name: [NS.slterms, "serial-number"], what: "a non-negative integer" },
  { name: [NS.slterms, "inbound-port"], max: 65535, what: "a port number from 0 to 65535 (0 for all ports)" },
  { name: [NS.slterms, "outbound-port"], max: 65535, what: "a port number from 0 to 65535 (0 for all ports)" },
  { name: [NS.slterms, "icmp"], max: 255, what: "an ICMP type from 0 to 255" },
];

export function checkSchema(root: XElement): Problem[] {
  const problems: Problem[] = [];
  if (!is(root, NS.rdf, "RDF")) {
    problems.push(problem("schema.root", `the root element must be rdf:RDF, found ${displayName(root)}`, displayName(root)));
    return problems;
  }
  if (attr(root, NS.xml, "base") === undefined) {
    problems.push(problem("schema.xml_base", 'rdf:RDF must have the attribute xml:base="http://mp.stratuslab.eu/"', "rdf:RDF"));
  }
  for (const child of elementChildren(root)) checkNoXmlBase(child, `rdf:RDF/${displayName(child)}`, problems);
  checkParseTypes(root, "rdf:RDF", problems);
  checkNoText(root, "rdf:RDF", problems);

  const children = elementChildren(root);
  const description = children[0];
  if (!description || !is(description, NS.rdf, "Description")) {
    problems.push(problem("schema.description", "rdf:RDF must contain one rdf:Description element first", "rdf:RDF"));
    return problems;
  }
  for (const extra of children.slice(1)) {
    if (extra.ns === NS.ds && extra === children[1]) continue;
    problems.push(
      problem(
        "schema.unexpected",
        `${displayName(extra)} is not allowed here: rdf:RDF holds one rdf:Description, optionally followed by the signature`,
        `rdf:RDF/${displayName(extra)}`,
      ),
    );
  }
  checkDescription(description, problems);
  return problems;
}

function checkDescription(description: XElement, problems: Problem[]): void {
  const path = "rdf:RDF/rdf:Description";
  const about = attr(description, NS.rdf, "about");
  if (about === undefined) {
    problems.push(problem("schema.about", 'rdf:Description must have an rdf:about attribute: "#" followed by the image identifier', path));
  } else if (!ABOUT_PATTERN.test(about)) {
    problems.push(problem("schema.about", `rdf:about must be "#" followed by the 27-character identifier, found "${about}"`, path));
  }
  checkNoText(description, path, problems);
  const children = elementChildren(description);
  checkHeadOrder(children, path, problems);

  for (const child of children) {
    const childPath = `${path}/${displayName(child)}`;
    if (matches(child, IDENTIFIER) && child === children.find((c) => matches(c, IDENTIFIER))) {
      if (!IDENTIFIER_TEXT.test(trimmedText(child))) {
        problems.push(
          problem(
            "schema.value",
            `dcterms:identifier must be 27 characters from A-Z, a-z, 0-9, "-" and "_", found "${trimmedText(child)}"`,
            childPath,
          ),
        );
      }
    } else if (matches(child, BYTES)) {
      if (!NON_NEGATIVE_INTEGER.test(trimmedText(child))) {
        problems.push(
          problem(
            "schema.value",
            `slreq:bytes must be a non-negative integer (the uncompressed size), found "${trimmedText(child)}"`,
            childPath,
          ),
        );
      }
    } else if (matches(child, CHECKSUM)) {
      checkChecksum(child, childPath, problems);
    } else if (matches(child, ENDORSEMENT)) {
      checkEndorsement(child, childPath, problems);
    } else if (matches(child, LOCATION)) {
      checkLocationElement(child, childPath, problems);
    }
  }
  if (!children.some((c) => matches(c, LOCATION))) problems.push(warning("schema.location", MISSING_LOCATION_WARNING, path));
  for (const term of INTEGER_TERMS) {
    for (const element of childrenNamed(description, ...term.name))
      checkInteger(element, term, `${path}/${displayName(element)}`, problems);
  }
}

/**
 * The head is `rdf:type? dcterms:identifier slreq:bytes slreq:checksum+ slreq:endorsement`, in that
 * order, before anything else. Report each missing element, then one ordering problem.
 */
function checkHeadOrder(children: XElement[], path: string, problems: Problem[]): void {
  let missing = false;
  for (const name of HEAD) {
    if (!children.some((c) => matches(c, name))) {
      missing = true;
      problems.push(problem("schema.missing", `rdf:Description has no ${label(name)} element`, path));
    }
  }
  for (const name of [IDENTIFIER, BYTES, ENDORSEMENT]) {
    const count = children.filter((c) => matches(c, name)).length;
    if (count > 1) {
      problems.push(problem("schema.cardinality", `rdf:Description must have exactly one ${label(name)} element, found ${count}`, path));
    }
  }
  if (missing) return;

  let i = children[0] && is(children[0], NS.rdf, "type") ? 1 : 0;
  const take = (name: Name): boolean => {
    const next = children[i];
    if (!next || !matches(next, name)) return false;
    i += 1;
    return true;
  };
  let ordered = take(IDENTIFIER) && take(BYTES) && take(CHECKSUM);
  if (ordered) {
    while (take(CHECKSUM));
    ordered = take(ENDORSEMENT) && !children.slice(i).some((c) => HEAD.some((name) => matches(c, name)));
  }
  // A warning, not an error: the original server never ran the schema, and entries it accepted (such
  // as marketplace/valid-alternative.xml, with dcterms:alternative before slreq:bytes) break this order.
  if (!ordered) {
    problems.push(
      warning(
        "schema.order",
        "rdf:Description should start with dcterms:identifier, slreq:bytes, one or more slreq:checksum and slreq:endorsement, in that order (optionally preceded by rdf:type), with other elements after the endorsement; stratus-validate-metadata refused other orders",
        path,
      ),
    );
  }
}

function checkChecksum(checksum: XElement, path: string, problems: Problem[]): void {
  checkNoText(checksum, path, problems);
  const children = elementChildren(checksum);
  const [algorithm, value] = children;
  if (children.length !== 2 || !algorithm || !value || !is(algorithm, NS.slreq, "algorithm") || !is(value, NS.slreq, "value")) {
    problems.push(problem("schema.order", "slreq:checksum must contain slreq:algorithm followed by slreq:value, and nothing else", path));
    return;
  }
  const hex = trimmedText(value);
  if (!HEX_PATTERN.test(hex)) {
    problems.push(problem("schema.value", `slreq:value must be a hexadecimal digest, found "${hex}"`, `${path}/slreq:value`));
  }
}

function checkEndorsement(endorsement: XElement, path: string, problems: Problem[]): void {
  checkNoText(endorsement, path, problems);
  const children = elementChildren(endorsement);
  // An empty endorsement is a draft waiting for the signer, which fills it.
  if (children.length === 0) return;
  const [created, endorser] = children;
  if (children.length !== 2 || !created || !endorser || !is(created, NS.dcterms, "created") || !is(endorser, NS.slreq, "endorser")) {
    problems.push(
      problem(
        "schema.order",
        "slreq:endorsement must be empty (before signing) or contain dcterms:created followed by slreq:endorser",
        path,
      ),
    );
    return;
  }
  const endorserPath = `${path}/slreq:endorser`;
  checkNoText(endorser, endorserPath, problems);
  const parts = elementChildren(endorser);
  const email = parts[0];
  const subject = parts[1];
  const issuers = parts.slice(2);
  const wellFormed =
    email &&
    is(email, NS.slreq, "email") &&
    subject &&
    is(subject, NS.slreq, "subject") &&
    issuers.length > 0 &&
    issuers.every((i) => is(i, NS.slreq, "issuer"));
  if (!wellFormed) {
    problems.push(
      problem(
        "schema.order",
        "slreq:endorser must contain slreq:email, slreq:subject and one or more slreq:issuer, in that order",
        endorserPath,
      ),
    );
    return;
  }
  const address = trimmedText(email);
  if (!EMAIL_PATTERN.test(address)) {
    problems.push(
      problem(
        "schema.value",
        `slreq:email must be an email address such as jane@example.org, found "${address}"`,
        `${endorserPath}/slreq:email`,
      ),
    );
  }
}

function checkInteger(element: XElement, term: (typeof INTEGER_TERMS)[number], path: string, problems: Problem[]): void {
  const text = trimmedText(element);
  const valid = NON_NEGATIVE_INTEGER.test(text) && (term.max === undefined || Number(text) <= term.max);
  if (!valid) problems.push(problem("schema.value", `${displayName(element)} must be ${term.what}, found "${text}"`, path));
}

/**
 * The location is the element's text, or, written as `<slterms:location rdf:resource="..."/>`, the
 * resource (which the RDF view stores). An empty element says nothing and is accepted like no
 * location at all: the reference entry marketplace/valid-alternative-newid.xml carries one.
 */
function checkLocationElement(location: XElement, path: string, problems: Problem[]): void {
  for (const value of [trimmedText(location), attr(location, NS.rdf, "resource")]) {
    const refused = value ? checkLocation(value) : undefined;
    if (refused) problems.push(problem("schema.location", refused, path));
  }
}

/**
 * The entry's subject is rdf:about resolved against the nearest xml:base, so one on rdf:Description,
 * or on any element below it, could make a signed entry describe `http://evil.example/#<id>`
 * instead of the entry the Marketplace indexes. Only the root's, which must be XML_BASE, counts.
 */
function checkNoXmlBase(element: XElement, path: string, problems: Problem[]): void {
  if (attr(element, NS.xml, "base") !== undefined) {
    problems.push(
      problem(
        "schema.xml_base",
        `xml:base is allowed only on rdf:RDF (found on ${displayName(element)}); the entry's subject must resolve against ${XML_BASE}`,
        path,
      ),
    );
  }
  for (const child of elementChildren(element)) checkNoXmlBase(child, `${path}/${displayName(child)}`, problems);
}

/** The schema declares `rdf:parseType` with the single value `Resource`, wherever it appears. */
function checkParseTypes(element: XElement, path: string, problems: Problem[]): void {
  const parseType = attr(element, NS.rdf, "parseType");
  if (parseType !== undefined && parseType !== "Resource") {
    problems.push(
      problem("schema.parse_type", `${displayName(element)} has rdf:parseType="${parseType}"; the only value allowed is "Resource"`, path),
    );
  }
  for (const child of elementChildren(element)) checkParseTypes(child, `${path}/${displayName(child)}`, problems);
}

function checkNoText(element: XElement, path: string, problems: Problem[]): void {
  const text = directText(element);
  if (text) {
    problems.push(problem("schema.unexpected", `text "${abbreviate(text)}" is not allowed directly inside ${displayName(element)}`, path));
  }
}

function matches(element: XElement, [ns, local]: Name): boolean {
  return element.ns === ns && element.local === local;
}

function label([ns, local]: Name): string {
  return `${ns === NS.dcterms ? "dcterms" : "slreq"}:${local}`;
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
