/** Liveness for deploys and test runners; also the trivial route bench:list measures as a ceiling. */
import { textResponse } from "@/lib/http/responses";

export function GET() {
  return textResponse(200, "ok", { "Cache-Control": "no-store" });
}
