import { hideHandler, showHandler } from "@/lib/server/api/admin";

type Context = { params: Promise<{ identifier: string; email: string; created: string }> };

/** Hide the entry (moderators): `{"reason": "..."}`. */
export async function PUT(request: Request, { params }: Context) {
  return hideHandler(request, await params);
}

/** Show it again (moderators). */
export async function DELETE(request: Request, { params }: Context) {
  return showHandler(request, await params);
}
