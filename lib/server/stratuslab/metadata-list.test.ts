import { describe, expect, it } from "vitest";
import { withoutDeclaration } from "./metadata-list";

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

describe("the documents of the <metadata> list", () => {
  it("lose their XML declaration, byte-order mark and the white space after, and nothing else", () => {
    expect(text(withoutDeclaration(Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n  <rdf:RDF/>')))).toBe(
      "<rdf:RDF/>",
    );
    expect(text(withoutDeclaration(Buffer.from("\uFEFF<?xml version='1.0'?><rdf:RDF/>")))).toBe("<rdf:RDF/>");
    expect(text(withoutDeclaration(Buffer.from("\uFEFF<rdf:RDF/>")))).toBe("<rdf:RDF/>");
    for (const kept of ["<rdf:RDF/>", "<r/> <?xml?>", "<", ""]) expect(text(withoutDeclaration(Buffer.from(kept)))).toBe(kept);
  });
});
