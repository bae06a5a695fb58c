/** The original /endorsers resources as SPARQL results (proxy.ts sends HTML requests to the pages). */
import { getEndorsers } from "@/lib/server/stratuslab/endorsers-resource";

export async function GET(request: Request, { params }: { params: Promise<{ path?: string[] }> }) {
  return getEndorsers(request, (await params).path ?? []);
}
