/**
 * Where an image may be downloaded from (`slterms:location`). Locations are shown as download links
 * and handed to cloud tools, so only the schemes the format was made for are accepted: http and
 * https URLs, and the original `pdisk:` references to a StratusLab persistent disk. `javascript:`,
 * `data:`, `file:` and the rest, and (unlike the original) `ftp:`, are refused. The one home of the
 * rule: the schema check and `build-metadata --location` both call it.
 */

const ALLOWED = "an image location must be an http://, https:// or pdisk: URI";
/** Scheme and the `//` that starts the authority; WHATWG URL parsing would also accept `http:host` and `http:\\host`. */
const WEB = /^https?:\/\/([^/?#\\]*)/i;
const PDISK = /^pdisk:./i;
/** URL parsers drop tabs and newlines and browsers encode spaces, so the stored text would not be the link followed. */
const BLANK_OR_CONTROL = /[\s\p{Cc}]/u;
const SHOWN_LENGTH = 80;

/**
 * Why `location` is refused, as one sentence starting with `name "<value>"`, or undefined when it is
 * allowed. The value is taken as given; the entry reader has already trimmed the element's text.
 */
export function checkLocation(location: string, name = "slterms:location"): string | undefined {
  const reason = refusal(location);
  return reason === undefined ? undefined : `${name} "${shorten(location)}" is not allowed: ${reason}`;
}

export function isAllowedLocation(location: string): boolean {
  return refusal(location) === undefined;
}

/**
 * What `build-metadata` writes where the location goes when none was given: an XML comment, so an
 * entry left as it is stays valid (accepted without a location, with MISSING_LOCATION_WARNING) and
 * the author sees exactly what to write. XML comments may not contain "--", hence no option names.
 */
export const LOCATION_PLACEHOLDER = [
  "PLACEHOLDER slterms:location: no download URL was given.",
  "Replace this comment with the image's URL, e.g.",
  "<slterms:location>https://images.example.org/my-image.img.gz</slterms:location>",
  "(http, https or pdisk:host:port:uuid; one element per location)",
].join("\n             ");

/** An entry without a location is accepted, as the original, but nobody can download its image. */
export const MISSING_LOCATION_WARNING =
  "no slterms:location: the entry says nowhere where to download the image, and it is not listed under the web location filter; add <slterms:location>https://…</slterms:location> (or rebuild with build-metadata --location URL) and sign again";

function refusal(location: string): string | undefined {
  if (BLANK_OR_CONTROL.test(location)) return `a location may not contain spaces or control characters (write a space as %20; ${ALLOWED})`;
  if (PDISK.test(location)) return undefined;
  const web = WEB.exec(location);
  if (!web) return ALLOWED;
  return web[1] !== "" && hasHost(location) ? undefined : `an http:// or https:// location must be a URL with a host name (${ALLOWED})`;
}

function hasHost(location: string): boolean {
  try {
    return new URL(location).hostname !== "";
  } catch {
    return false;
  }
}

function shorten(value: string): string {
  return value.length > SHOWN_LENGTH ? `${value.slice(0, SHOWN_LENGTH - 3)}...` : value;
}
