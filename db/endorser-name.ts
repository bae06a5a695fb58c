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
      const name = unescape(value).trim();
      if (name) return name;
    }
  }
  return subject;
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      current += c + text[++i];
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === separator && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

function unescape(value: string): string {
  const unquoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  return unquoted
    .replace(/(?:\\[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replaceAll("\\", ""), "hex").toString("utf8"))
    .replace(/\\(.)/g, "$1");
}
