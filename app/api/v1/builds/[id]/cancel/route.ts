import { cancelBuildHandler } from "@/lib/server/api/builds";

type Context = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Context) {
  return cancelBuildHandler(request, (await params).id);
}
