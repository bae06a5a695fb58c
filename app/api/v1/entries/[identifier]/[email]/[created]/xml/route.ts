import { entryDocumentHandler } from "@/lib/server/api/entries";

type Context = { params: Promise<{ identifier: string; email: string; created: string }> };

export async function GET(request: Request, { params }: Context) {
  return entryDocumentHandler(request, await params, "xml");
}
