import { deleteSubscriptionHandler } from "@/lib/server/api/subscriptions";

type Context = { params: Promise<{ id: string }> };

/** Delete one of your subscriptions. */
export async function DELETE(request: Request, { params }: Context) {
  return deleteSubscriptionHandler(request, (await params).id);
}
