import { deleteBuildHandler, getBuildHandler } from "@/lib/server/api/builds";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return getBuildHandler(request, (await params).id);
}

export async function DELETE(request: Request, { params }: Context) {
  return deleteBuildHandler(request, (await params).id);
}
