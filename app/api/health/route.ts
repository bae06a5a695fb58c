/** Liveness for deploys and test runners; also the trivial route bench:list measures as a ceiling. */
export function GET() {
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
