/**
 * A linear scan of the raw text that refuses what the strict parser must never see, before the
 * parser builds a DOM: DOCTYPE declarations, processing instructions other than the leading XML
 * declaration, references to named entities, character references to what XML 1.0 does not allow
 * as a character (xmldom decodes `&#0;`, and even joins `&#xD83D;&#xDE00;` into one character), and
 * documents over the element-count or depth cap.
 * Refusing here keeps a hostile 2 MiB document from costing a full DOM build, and gives messages
 * that name the real fault instead of a parser's generic one.
 *
 * The scan only has to be exact for well-formed XML; anything else is refused by the parser after.
 */
import { problem, type Problem } from "../problems";
import { isXmlChar } from "./characters";
import type { ParseLimits } from "./limits";

const PREDEFINED_OR_CHAR_REF = /^(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+)$/;

export function prescan(text: string, limits: ParseLimits): Problem | undefined {
  let elements = 0;
  let depth = 0;
  let pos = 0;
  for (;;) {
    const lt = text.indexOf("<", pos);
    const segmentEnd = lt === -1 ? text.length : lt;
    const entity = checkReferences(text, pos, segmentEnd);
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
      const entityInAttribute = checkReferences(attributes, 0, attributes.length);
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

function checkReferences(text: string, from: number, to: number): Problem | undefined {
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
    if (name.startsWith("#")) {
      const illegal = checkCharacterReference(name);
      if (illegal) return illegal;
    }
  }
  return undefined;
}

/** A reference must stand for a character XML 1.0 allows (the Legal Character constraint). */
function checkCharacterReference(name: string): Problem | undefined {
  const codePoint = name.startsWith("#x") ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  if (isXmlChar(codePoint)) return undefined;
  const shown = name.length <= 32 ? `&${name};` : `&${name.slice(0, 29)}...;`;
  const hex = codePoint.toString(16).toUpperCase().padStart(4, "0");
  return problem(
    "xml.character",
    codePoint > 0x10ffff
      ? `the character reference ${shown} is beyond U+10FFFF, the last Unicode code point; XML 1.0 does not allow it`
      : `the character reference ${shown} stands for ${codePoint >= 0xd800 && codePoint <= 0xdfff ? "the surrogate " : ""}U+${hex}, which XML 1.0 does not allow`,
  );
}
