import { deleteDraftHandler, getDraftHandler, saveDraftHandler } from "@/lib/server/api/drafts";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return getDraftHandler(request, (await params).id);
}

export async function PUT(request: Request, { params }: Context) {
  return saveDraftHandler(request, (await params).id);
}

export async function DELETE(request: Request, { params }: Context) {
  return deleteDraftHandler(request, (await params).id);
}
