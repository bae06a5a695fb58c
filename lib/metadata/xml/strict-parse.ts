/**
 * Bytes in, a namespace-aware DOM out, or one problem saying why not. Everything that could make
 * two XML stacks read different documents is refused: invalid UTF-8, other declared encodings,
 * DOCTYPE and entities, processing instructions, second roots, undeclared prefixes, and every
 * parser warning. xml-crypto's canonicalizers only ever see documents that passed here.
 */
import { DOMParser } from "@xmldom/xmldom";
import { problem, type Problem } from "../problems";
import { resolveLimits, type ParseLimits } from "./limits";
import { prescan } from "./prescan";

export type StrictParseResult =
  | { ok: true; document: Document; text: string }
  | { ok: false; problem: Problem };

const ENCODING_DECL = /^<\?xml[^?]*?\sencoding\s*=\s*["']([^"']*)["']/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

export function parseStrict(input: Uint8Array | string, limitOverrides?: Partial<ParseLimits>): StrictParseResult {
  const limits = resolveLimits(limitOverrides);
  const size = typeof input === "string" ? Buffer.byteLength(input) : input.byteLength;
  if (size > limits.maxBytes) {
    return fail(problem("input.too_large", `the document is ${size} bytes; the limit is ${limits.maxBytes} bytes`));
  }
  const decoded = typeof input === "string" ? { text: input.replace(/^\uFEFF/, "") } : decode(input);
  if ("problem" in decoded) return fail(decoded.problem);
  const { text } = decoded;
  if (text.trim() === "") return fail(problem("input.empty", "the document is empty"));

  const encoding = ENCODING_DECL.exec(text)?.[1];
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
    return fail(problem("input.encoding", `the document declares encoding "${encoding}"; only UTF-8 is accepted`));
  }

  const scanned = prescan(text, limits);
  if (scanned) return fail(scanned);

  const parsed = domParse(text, false);
  if ("problem" in parsed) {
    // Parse again with line tracking only on failure: positions cost about half the parse time.
    const located = domParse(text, true);
    return fail("problem" in located ? located.problem : parsed.problem);
  }
  const structural = checkNodes(parsed.document);
  return structural ? fail(structural) : { ok: true, document: parsed.document, text };
}

function fail(p: Problem): StrictParseResult {
  return { ok: false, problem: p };
}

function decode(bytes: Uint8Array): { text: string } | { problem: Problem } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return { problem: problem("input.encoding", `the document is not valid UTF-8 (bad byte at offset ${offset})`) };
  }
}

function domParse(text: string, locator: boolean): { document: Document } | { problem: Problem } {
  try {
    const document = new DOMParser({
      locator,
      onError: (_level: string, message: string, context: unknown) => {
        const where = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator;
        const position = where?.lineNumber ? ` (line ${where.lineNumber}, column ${where.columnNumber ?? 0})` : "";
        throw new XmlSyntaxError(`${message}${position}`);
      },
    }).parseFromString(text, "text/xml") as unknown as Document;
    if (!document.documentElement) return { problem: problem("xml.malformed", "the document has no root element") };
    return { document };
  } catch (error) {
    return { problem: problem("xml.malformed", `the document is not well-formed XML: ${describeParseError(error)}`) };
  }
}

/** Thrown from onError so the message we wrote is the one that surfaces, not xmldom's wrapper. */
class XmlSyntaxError extends Error {}

function describeParseError(error: unknown): string {
  let cause: unknown = error;
  while (cause instanceof Error && !(cause instanceof XmlSyntaxError) && cause.cause !== undefined) cause = cause.cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.replace(/\s*\n?@#\[line:(\d+),col:(\d+)\]/, " (line $1, column $2)").replace(/\s+/g, " ").trim();
}

/** Defence in depth after the prescan: node types the rest of the code never expects. */
function checkNodes(document: Document): Problem | undefined {
  if (document.doctype) return problem("xml.doctype", "DOCTYPE declarations are not allowed in metadata");
  for (let node = document.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 7 && (node as ProcessingInstruction).target !== "xml") {
      return problem("xml.processing_instruction", `processing instruction <?${(node as ProcessingInstruction).target}?> is not allowed`);
    }
  }
  const stack: Node[] = [document.documentElement];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) stack.push(child);
      else if (child.nodeType === 5) return problem("xml.entity_reference", "entity references are not allowed");
      else if (child.nodeType === 7) {
        return problem("xml.processing_instruction", `processing instruction <?${(child as ProcessingInstruction).target}?> is not allowed`);
      }
    }
  }
  return undefined;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return bytes.length;
}
