import { draftBuildHandler } from "@/lib/server/api/drafts";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  return draftBuildHandler(request, (await params).id);
}
