/**
 * The links of a pending upload's confirmation mail, `/action/{uuid}/confirm|abort|abuse/` (a trailing
 * slash is dropped by proxy.ts): GET shows the button, POST does it (lib/server/upload-actions.ts).
 */
import { getAction, postAction } from "@/lib/server/upload-actions";

type Context = { params: Promise<{ uuid: string; command: string }> };

export async function GET(request: Request, { params }: Context) {
  const { uuid, command } = await params;
  return getAction(request, [uuid, command]);
}

export async function POST(request: Request, { params }: Context) {
  const { uuid, command } = await params;
  return postAction(request, [uuid, command]);
}
