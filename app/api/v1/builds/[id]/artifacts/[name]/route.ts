import { buildArtifactHandler } from "@/lib/server/api/builds";

type Context = { params: Promise<{ id: string; name: string }> };

export async function GET(request: Request, { params }: Context) {
  const { id, name } = await params;
  return buildArtifactHandler(request, id, name);
}

export const HEAD = GET;
