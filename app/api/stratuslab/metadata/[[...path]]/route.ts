/**
 * The original /metadata resources in XML and JSON (proxy.ts sends HTML requests to the pages).
 * Reached only through proxy.ts, which rewrites /metadata/... here.
 */
import { getMetadata, postMetadata } from "@/lib/server/stratuslab/metadata-resource";

type Context = { params: Promise<{ path?: string[] }> };

export async function GET(request: Request, { params }: Context) {
  return getMetadata(request, (await params).path ?? []);
}

export async function POST(request: Request, { params }: Context) {
  return postMetadata(request, (await params).path ?? []);
}
