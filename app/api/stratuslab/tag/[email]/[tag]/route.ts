/** The original /tag/{email}/{tag}: the entry the tag resolves to, in XML or JSON. */
import { getMetadata } from "@/lib/server/stratuslab/metadata-resource";

export async function GET(request: Request, { params }: { params: Promise<{ email: string; tag: string }> }) {
  const { email, tag } = await params;
  const url = new URL(request.url);
  url.searchParams.set("tag", tag);
  return getMetadata(new Request(url, request), [email]);
}
