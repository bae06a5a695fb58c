/**
 * Content negotiation of the original Marketplace (reference section 4.1): `?media=xml|json|html`
 * overrides the Accept header; Accept is weighed by quality; `application/xml` is the default
 * (curl's `*\/*` gets XML, as it did). Browsers list text/html first and get the pages.
 */
export type Representation = "xml" | "json" | "html";

const MEDIA_PARAMETER: Record<string, Representation> = { xml: "xml", json: "json", html: "html" };

const BY_TYPE: Array<[pattern: RegExp, representation: Representation]> = [
  [/^(application\/(rdf\+|sparql-results\+)?xml|text\/xml)$/, "xml"],
  [/^application\/(json|sparql-results\+json)$/, "json"],
  [/^(text\/html|application\/xhtml\+xml)$/, "html"],
];

interface AcceptItem {
  type: string;
  quality: number;
  order: number;
}

export function parseAccept(header: string | null): AcceptItem[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, order) => {
      const [type = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { type: type.trim(), quality: Number.isFinite(quality) ? quality : 0, order };
    })
    .filter((item) => item.type !== "" && item.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
}

export function negotiate(url: URL, accept: string | null): Representation {
  const media = url.searchParams.get("media")?.toLowerCase();
  if (media && MEDIA_PARAMETER[media]) return MEDIA_PARAMETER[media];
  for (const item of parseAccept(accept)) {
    const match = BY_TYPE.find(([pattern]) => pattern.test(item.type));
    if (match) return match[1];
    if (item.type === "*/*" || item.type === "application/*") return "xml";
  }
  return "xml";
}

/**
 * The format of an error body: chosen by the FIRST Accept media type, as the original
 * StatusService did (XML types give `<error>`, JSON gives an object, anything else an HTML page).
 */
export function errorRepresentation(url: URL, accept: string | null): Representation {
  const media = url.searchParams.get("media")?.toLowerCase();
  if (media && MEDIA_PARAMETER[media]) return MEDIA_PARAMETER[media];
  const first = accept?.split(",")[0]?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (first === "" || first === "*/*") return "xml";
  return BY_TYPE.find(([pattern]) => pattern.test(first))?.[1] ?? "html";
}
