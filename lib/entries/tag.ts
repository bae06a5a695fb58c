/**
 * The tag of the original's tag mode (`/tag/{email}/{tag}`, `/metadata/{email}?tag=`; reference
 * section 4.4): URL-decoded (by the router), then stripped of surrounding double quotes, the pair the
 * original's tags page puts around it (`?tag="<tag>"`). A lone quote at one end is part of the tag.
 * One rule for the pages and the XML/JSON handlers.
 */
export function tagFromRequest(raw: string): string {
  return raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
}
