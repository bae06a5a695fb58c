import { revisionHandler } from "@/lib/server/api/admin";

type Context = { params: Promise<{ identifier: string; email: string; created: string }> };

/** The entry's next version, unsigned, for its endorser: deprecated, or valid until a new date. */
export async function POST(request: Request, { params }: Context) {
  return revisionHandler(request, await params);
}
