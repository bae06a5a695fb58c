/**
 * A key of the legacy rsync sync (reference section 4.8): `<identifier>/<email>/<created>` (a `.xml`
 * suffix allowed), the path of a file under SYNC_DIR. Three segments of the shapes the format allows,
 * so that no key names a file outside that directory.
 */
import { AppError } from "@/lib/errors";
import { METADATA_DATE_PATTERN } from "@/lib/metadata/dates";
import { IDENTIFIER_PATTERN } from "@/lib/metadata/identifier";
import type { EntryKey } from "@/lib/metadata/model";

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+$/;

export function syncKey(value: string): EntryKey {
  const [identifier = "", email = "", created = "", ...rest] = value
    .trim()
    .replace(/\.xml$/, "")
    .split("/");
  if (rest.length > 0 || !IDENTIFIER_PATTERN.test(identifier) || !EMAIL.test(email) || !METADATA_DATE_PATTERN.test(created))
    throw new AppError("bad_request", `"${value.slice(0, 200)}" is not a key of the form <identifier>/<email>/<created>`);
  return { identifier, email, created };
}
