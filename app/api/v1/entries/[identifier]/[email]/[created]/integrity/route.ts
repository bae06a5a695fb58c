import { integrityCheckHandler } from "@/lib/server/api/integrity";

type Context = { params: Promise<{ identifier: string; email: string; created: string }> };

/** Check the entry's image again now (its endorser or a moderator): 202, the findings appear on the entry. */
export async function POST(request: Request, { params }: Context) {
  return integrityCheckHandler(request, await params);
}
