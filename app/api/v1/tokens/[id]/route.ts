import { revokeTokenHandler } from "@/lib/server/api/tokens";

type Context = { params: Promise<{ id: string }> };

export async function DELETE(request: Request, { params }: Context) {
  return revokeTokenHandler(request, (await params).id);
}
