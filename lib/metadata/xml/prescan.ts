/**
 * A linear scan of the raw text that refuses what the strict parser must never see, before the
 * parser builds a DOM: DOCTYPE declarations, processing instructions other than the leading XML
 * declaration, references to named entities, and documents over the element-count or depth cap.
 * Refusing here keeps a hostile 2 MiB document from costing a full DOM build, and gives messages
 * that name the real fault instead of a parser's generic one.
 *
 * The scan only has to be exact for well-formed XML; anything else is refused by the parser after.
 */
import { problem, type Problem } from "../problems";
import type { ParseLimits } from "./limits";

const PREDEFINED_OR_CHAR_REF = /^(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+)$/;

export function prescan(text: string, limits: ParseLimits): Problem | undefined {
  let elements = 0;
  let depth = 0;
  let pos = 0;
  for (;;) {
    const lt = text.indexOf("<", pos);
    const segmentEnd = lt === -1 ? text.length : lt;
    const entity = findNamedEntity(text, pos, segmentEnd);
    if (entity) return entity;
    if (lt === -1) return undefined;

    if (text.startsWith("<!--", lt)) {
      pos = skipPast(text, "-->", lt + 4);
    } else if (text.startsWith("<![CDATA[", lt)) {
      pos = skipPast(text, "]]>", lt + 9);
    } else if (text.startsWith("<!", lt)) {
      const what = /^<!([A-Za-z]*)/.exec(text.slice(lt, lt + 20))?.[1] || "declaration";
      return problem(
        "xml.doctype",
        what.toUpperCase() === "DOCTYPE"
          ? "DOCTYPE declarations are not allowed in metadata (they enable entity tricks); remove the <!DOCTYPE ...> line"
          : `markup declaration <!${what} is not allowed in metadata`,
      );
    } else if (text[lt + 1] === "?") {
      const target = /^<\?([^\s?]*)/.exec(text.slice(lt, lt + 64))?.[1] ?? "";
      if (!(target === "xml" && lt === 0)) {
        return problem(
          "xml.processing_instruction",
          target.toLowerCase() === "xml"
            ? "the XML declaration <?xml ...?> must be the very first thing in the document"
            : `processing instruction <?${target}?> is not allowed in metadata`,
        );
      }
      pos = skipPast(text, "?>", lt + 2);
    } else if (text[lt + 1] === "/") {
      depth -= 1;
      pos = skipPast(text, ">", lt + 2);
    } else {
      const end = endOfTag(text, lt + 1);
      const attributes = text.slice(lt + 1, end);
      const entityInAttribute = findNamedEntity(attributes, 0, attributes.length);
      if (entityInAttribute) return entityInAttribute;
      elements += 1;
      if (elements > limits.maxElements) {
        return problem(
          "xml.too_many_elements",
          `the document has more than ${limits.maxElements} elements; metadata entries are far smaller`,
        );
      }
      const selfClosing = text[end - 1] === "/";
      if (!selfClosing) {
        depth += 1;
        if (depth > limits.maxDepth) {
          return problem("xml.too_deep", `elements are nested more than ${limits.maxDepth} levels deep`);
        }
      }
      pos = end + 1;
    }
  }
}

function skipPast(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? text.length : at + terminator.length;
}

/** Index of the `>` closing a start tag, skipping quoted attribute values (which may hold `>`). */
function endOfTag(text: string, from: number): number {
  let quote = "";
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ">") {
      return i;
    }
  }
  return text.length;
}

function findNamedEntity(text: string, from: number, to: number): Problem | undefined {
  for (let amp = text.indexOf("&", from); amp !== -1 && amp < to; amp = text.indexOf("&", amp + 1)) {
    const semi = text.indexOf(";", amp);
    const name = semi === -1 || semi > to ? "" : text.slice(amp + 1, semi);
    if (!PREDEFINED_OR_CHAR_REF.test(name)) {
      const shown = name && name.length <= 32 ? `&${name};` : "a bare &";
      return problem(
        "xml.entity_reference",
        `${shown} is not allowed: only &lt; &gt; &amp; &quot; &apos; and character references (&#...;) may appear; write a bare & as &amp;`,
      );
    }
  }
  return undefined;
}
