import { endorserTagsHandler } from "@/lib/server/api/endorsers";

export async function GET(request: Request, { params }: { params: Promise<{ email: string }> }) {
  return endorserTagsHandler(request, (await params).email);
}
