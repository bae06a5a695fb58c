import { getBuildHandler } from "@/lib/server/api/builds";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return getBuildHandler(request, (await params).id);
}
