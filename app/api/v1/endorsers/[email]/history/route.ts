import { endorserHistoryHandler } from "@/lib/server/api/endorsers";

export async function GET(request: Request, { params }: { params: Promise<{ email: string }> }) {
  return endorserHistoryHandler(request, (await params).email);
}
