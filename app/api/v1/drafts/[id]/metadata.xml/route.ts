import { draftMetadataHandler } from "@/lib/server/api/drafts";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return draftMetadataHandler(request, (await params).id);
}
