/** The original SPARQL endpoint as SPARQL results XML or JSON (the HTML form is the page app/query). */
import { getQuery } from "@/lib/server/stratuslab/query-resource";

export async function GET(request: Request, { params }: { params: Promise<{ path?: string[] }> }) {
  return getQuery(request, (await params).path ?? []);
}
