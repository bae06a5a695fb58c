/** The legacy rsync replication's `POST /sync` (replicas only), every file verified before it is indexed. */
import { postSync } from "@/lib/server/stratuslab/sync-resource";

export async function POST(request: Request, { params }: { params: Promise<{ path?: string[] }> }) {
  return postSync(request, (await params).path ?? []);
}
