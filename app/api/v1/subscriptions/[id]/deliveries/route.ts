import { deliveriesHandler } from "@/lib/server/api/subscriptions";

type Context = { params: Promise<{ id: string }> };

/** The delivery log of one of your subscriptions: every webhook attempt, newest first. */
export async function GET(request: Request, { params }: Context) {
  return deliveriesHandler(request, (await params).id);
}
