/** curl-like requests for the HTTP tests: exact bytes in, status, headers and text out. */
import { readFixture } from "@/lib/metadata/__tests__/fixtures";

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  bytes: Buffer;
}

export async function request(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, { redirect: "manual", ...init });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, text: bytes.toString("utf8"), bytes };
}

/** What stratus-upload-metadata sends. */
export function uploadXml(base: string, xml: Buffer | string, headers: Record<string, string> = {}): Promise<Reply> {
  return request(`${base}/metadata`, {
    method: "POST",
    headers: { "Content-Type": "application/xml", Accept: "application/xml", ...headers },
    body: typeof xml === "string" ? xml : new Uint8Array(xml),
  });
}

export function uploadFixture(base: string, name: string, headers: Record<string, string> = {}): Promise<Reply> {
  return uploadXml(base, readFixture(`marketplace/${name}`), headers);
}

/** The text of an `<error>` body. */
export function errorText(reply: Reply): string | undefined {
  return /<error>([\s\S]*)<\/error>/.exec(reply.text)?.[1];
}

/** How many entries a `<metadata>` list holds. */
export function countEntries(reply: Reply): number {
  return reply.text.match(/<rdf:RDF[\s>]/g)?.length ?? 0;
}
