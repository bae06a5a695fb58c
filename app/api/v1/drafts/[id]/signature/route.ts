import { draftSignatureHandler } from "@/lib/server/api/drafts";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  return draftSignatureHandler(request, (await params).id);
}
