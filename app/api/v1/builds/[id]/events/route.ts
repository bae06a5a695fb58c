import { buildEventsHandler } from "@/lib/server/api/builds";

type Context = { params: Promise<{ id: string }> };

// A live stream: never prerendered or cached.
export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: Context) {
  return buildEventsHandler(request, (await params).id);
}
