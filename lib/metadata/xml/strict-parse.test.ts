import { describe, expect, it } from "vitest";
import { parseStrict } from "./strict-parse";

const ok = '<?xml version="1.0" encoding="UTF-8"?><r xmlns:a="urn:a"><a:x k="v">t &amp; &#65; &#x42;</a:x></r>';

function codeOf(input: string | Uint8Array, limits?: Parameters<typeof parseStrict>[1]): string {
  const result = parseStrict(input, limits);
  return result.ok ? "ok" : result.problem.code;
}

describe("strict XML parsing", () => {
  it("accepts a plain namespaced document, with or without a BOM", () => {
    expect(codeOf(ok)).toBe("ok");
    expect(codeOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ok)]))).toBe("ok");
  });

  it.each([
    ["DOCTYPE", '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', "xml.doctype"],
    ["internal entity", '<!DOCTYPE r [<!ENTITY b "lol">]><r>&b;</r>', "xml.doctype"],
    ["undeclared entity", "<r>&nbsp;</r>", "xml.entity_reference"],
    ["entity in an attribute", '<r a="&x;"/>', "xml.entity_reference"],
    ["bare ampersand", "<r>a & b</r>", "xml.entity_reference"],
    ["processing instruction", '<?xml-stylesheet href="https://evil/x.xsl"?><r/>', "xml.processing_instruction"],
    ["PI inside text", "<r>Origina<?x l title?></r>", "xml.processing_instruction"],
    ["late XML declaration", ' <?xml version="1.0"?><r/>', "xml.processing_instruction"],
    ["second root", "<r/><s/>", "xml.malformed"],
    ["trailing text", "<r/>junk", "xml.malformed"],
    ["unclosed tag", "<r><a></r>", "xml.malformed"],
    ["undeclared prefix", "<p:r/>", "xml.malformed"],
    ["duplicate attribute", '<r a="1" a="2"/>', "xml.malformed"],
    ["no root", "   ", "input.empty"],
    ["empty", "", "input.empty"],
    ["declared Latin-1", '<?xml version="1.0" encoding="ISO-8859-1"?><r/>', "input.encoding"],
  ])("refuses %s", (_name, input, code) => {
    expect(codeOf(input)).toBe(code);
  });

  it("refuses invalid UTF-8 and says where", () => {
    const result = parseStrict(Buffer.from([0x3c, 0x72, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x72, 0x3e]));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.code).toBe("input.encoding");
      expect(result.problem.message).toContain("offset 3");
    }
  });

  it("enforces the byte, element and depth caps", () => {
    expect(codeOf("<r/>".padEnd(100, " "), { maxBytes: 50 })).toBe("input.too_large");
    const wide = `<r>${"<a/>".repeat(101)}</r>`;
    expect(codeOf(wide, { maxElements: 101 })).toBe("xml.too_many_elements");
    expect(codeOf(wide, { maxElements: 102 })).toBe("ok");
    const deep = `${"<a>".repeat(10)}${"</a>".repeat(10)}`;
    expect(codeOf(deep, { maxDepth: 9 })).toBe("xml.too_deep");
    expect(codeOf(deep, { maxDepth: 10 })).toBe("ok");
  });

  it("does not count markup inside comments, CDATA or attribute values as elements", () => {
    const tricky = '<r a="x>y"><!-- <a/><a/> --><![CDATA[<a/><a/>]]><b/></r>';
    expect(codeOf(tricky, { maxElements: 2 })).toBe("ok");
  });

  it("reports the line of a syntax error", () => {
    const result = parseStrict("<r>\n<a>\n</r>");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.message).toMatch(/line \d+/);
  });

  it("refuses a 60,000-element document quickly, before building a DOM", () => {
    const huge = `<r>${"<a/>".repeat(60_000)}</r>`;
    const start = performance.now();
    expect(codeOf(huge)).toBe("xml.too_many_elements");
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
