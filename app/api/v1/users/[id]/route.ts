import { patchUserHandler } from "@/lib/server/api/admin";

type Context = { params: Promise<{ id: string }> };

export async function PATCH(request: Request, { params }: Context) {
  return patchUserHandler(request, (await params).id);
}
