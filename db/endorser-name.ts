import { splitUnescaped, unescapeValue } from "@/lib/metadata/pki/display-name";

/**
 * The display name of an endorser: the first CN of the certificate subject (a Java RFC 2253 string,
 * most specific first), else the whole subject.
 */
export function endorserName(subject: string): string {
  for (const rdn of splitUnescaped(subject, ",")) {
    for (const ava of splitUnescaped(rdn, "+")) {
      const equals = ava.indexOf("=");
      if (equals < 0 || ava.slice(0, equals).trim().toUpperCase() !== "CN") continue;
      const value = ava.slice(equals + 1).trim();
      if (value.startsWith("#")) continue;
      const name = unescapeValue(value).trim();
      if (name) return name;
    }
  }
  return subject;
}
