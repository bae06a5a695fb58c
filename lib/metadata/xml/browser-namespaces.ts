/**
 * Refuses markup in the namespaces browsers act on (see BROWSER_ACTIVE_NAMESPACES): an element or
 * attribute in one of them, or a declaration binding one even when nothing uses it. The element's
 * own name is checked first, then the names its attributes use, then its declarations, so the
 * message names the markup itself rather than the declaration that made it possible.
 */
import { BROWSER_ACTIVE_NAMESPACES } from "../namespaces";
import { problem, type Problem } from "../problems";
import { declaredPrefix } from "./reserved-namespaces";

const CONSEQUENCE = "metadata may not carry markup that browsers execute or render";

export function checkBrowserNamespaces(element: Element): Problem | undefined {
  const own = refused(element.namespaceURI);
  if (own) return problem("xml.browser_namespace", `the element ${element.tagName} is in the ${own}; ${CONSEQUENCE}`);
  const attributes = Array.from({ length: element.attributes.length }, (_, i) => element.attributes.item(i) as Attr);
  for (const attribute of attributes) {
    if (declaredPrefix(attribute) !== undefined) continue;
    const used = refused(attribute.namespaceURI);
    if (used) {
      return problem("xml.browser_namespace", `the attribute ${attribute.name} on ${element.tagName} is in the ${used}; ${CONSEQUENCE}`);
    }
  }
  for (const attribute of attributes) {
    if (declaredPrefix(attribute) === undefined) continue;
    const bound = refused(attribute.value);
    if (bound) return problem("xml.browser_namespace", `the namespace declaration ${attribute.name} binds the ${bound}; ${CONSEQUENCE}`);
  }
  return undefined;
}

/** `XHTML namespace (http://www.w3.org/1999/xhtml)` for a refused namespace, else undefined. */
function refused(uri: string | null): string | undefined {
  const name = uri === null ? undefined : BROWSER_ACTIVE_NAMESPACES.get(uri);
  return name === undefined ? undefined : `${name} namespace (${uri})`;
}
