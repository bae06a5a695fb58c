/**
 * The original HTTP protocol of the StratusLab client (reference sections 6.4, 6.5): raw XML POSTed
 * to /metadata, entries fetched as XML, errors read from the `<error>` body.
 */
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { metadataPath } from "@/lib/entries/entry-urls";
import { AppError } from "@/lib/errors";
import { NS } from "@/lib/metadata/namespaces";
import { authenticationHint, type ApiToken } from "./api-token";
import { defaultConfigFile, type Endpoint } from "./settings";

/** The original protocol's answer to an upload (the JSON API's is `UploadResult`, lib/entries/api-responses.ts). */
export interface UploadReply {
  status: 201 | 202;
  /** What the server said (e.g. "metadata entry created"). */
  message: string;
  location?: string;
}

/** Uploads as the token's account when there is one (`Authorization: Bearer`), else anonymously. */
export async function uploadMetadata(endpoint: Endpoint, xml: Uint8Array | string, token?: ApiToken): Promise<UploadReply> {
  const response = await request(endpoint, `${endpoint.url}/metadata`, {
    method: "POST",
    headers: {
      "Content-Type": "application/xml",
      Accept: "application/xml",
      ...(token ? { Authorization: `Bearer ${token.token}` } : {}),
    },
    body: typeof xml === "string" ? xml : Buffer.from(xml),
  });
  const body = await response.text();
  if (response.status === 201 || response.status === 202) {
    const location = response.headers.get("location") ?? undefined;
    return { status: response.status, message: errorText(body) ?? body.trim(), ...(location ? { location } : {}) };
  }
  if (response.status === 401 || response.status === 403) {
    throw new AppError(
      response.status === 401 ? "unauthorized" : "forbidden",
      `Failed to upload: the Marketplace refused (${response.status}): ${errorText(body) ?? body.trim()}\n  ${authenticationHint(response.status, token, endpoint.url)}`,
    );
  }
  throw new AppError(
    response.status === 404 ? "not_found" : response.status >= 500 ? "upstream_failed" : "bad_request",
    `Failed to upload: ${response.status} ${response.statusText}: ${errorText(body) ?? body.trim()}`,
  );
}

/**
 * The signed XML of one entry: `/metadata/<id>/<email>/<created>`, or without `created` the newest
 * valid one (the server answers a `<metadata>` list; the first rdf:RDF is taken, as the original did).
 */
export async function fetchEntryXml(endpoint: Endpoint, identifier: string, email: string, created?: string): Promise<string> {
  const url = `${endpoint.url}${metadataPath(...[identifier, email, created].filter((p): p is string => Boolean(p)))}`;
  let response = await request(endpoint, url, { headers: { Accept: "application/xml" } });
  if (response.status >= 500) response = await request(endpoint, url, { headers: { Accept: "application/xml" } });
  const body = await response.text();
  if (response.status === 404) {
    throw new AppError(
      "not_found",
      `no metadata entry for image ${identifier} endorsed by ${email}${created ? ` at ${created}` : ""} (${url})`,
    );
  }
  if (!response.ok)
    throw new AppError("upstream_failed", `${url}: ${response.status} ${response.statusText}: ${errorText(body) ?? ""}`.trim());
  return firstEntry(body, url);
}

function firstEntry(body: string, url: string): string {
  let document: Document;
  try {
    document = new DOMParser({
      onError: (level: string, message: string) => {
        throw new Error(`${level}: ${message}`);
      },
    }).parseFromString(body, "text/xml") as unknown as Document;
  } catch (error) {
    throw new AppError("upstream_failed", `${url} did not return XML: ${(error as Error).message}`);
  }
  const root = document.documentElement;
  if (root?.namespaceURI === NS.rdf && root.localName === "RDF") return body;
  const entry = document.getElementsByTagNameNS(NS.rdf, "RDF")[0];
  if (!entry) throw new AppError("not_found", `${url} returned no metadata entry`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>${new XMLSerializer().serializeToString(entry as never)}`;
}

/** The text of an `<error>` body, which the original server sends for XML clients. */
function errorText(body: string): string | undefined {
  const match = /<error>([\s\S]*?)<\/error>/.exec(body);
  if (!match) return undefined;
  return (match[1] ?? "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}

export async function request(endpoint: Endpoint, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: "follow", signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = `cannot reach ${new URL(url).origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
    // A URL the user typed needs no explanation; one they did not choose does.
    throw new AppError(
      "upstream_failed",
      endpoint.source === "--marketplace-endpoint" ? reason : `${reason}\n${unreachableHint(endpoint)}`,
    );
  }
}

function unreachableHint(endpoint: Endpoint): string {
  return [
    `  ${endpoint.url} is taken from ${endpoint.source}. Start the Marketplace (npm start in its directory),`,
    `  or name the one to use: --marketplace-endpoint URL, $STRATUSLAB_MARKETPLACE_ENDPOINT,`,
    `  or "marketplace_endpoint = URL" in the [default] section of ${defaultConfigFile()}.`,
  ].join("\n");
}
