/**
 * The original /metadata resources in XML and JSON. The server (lib/http-server/serve.ts) and, under
 * `next dev`, proxy.ts route /metadata/... here and send HTML requests to the pages. This path is
 * public too (/api/stratuslab/metadata answers the same): nothing here relies on having been routed.
 */
import { getMetadata, postMetadata } from "@/lib/server/stratuslab/metadata-resource";

type Context = { params: Promise<{ path?: string[] }> };

export async function GET(request: Request, { params }: Context) {
  return getMetadata(request, (await params).path ?? []);
}

export async function POST(request: Request, { params }: Context) {
  return postMetadata(request, (await params).path ?? []);
}
