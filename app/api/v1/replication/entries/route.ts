import { replicationFeedHandler } from "@/lib/server/api/replication";

/** Every stored entry with its signed bytes, after a cursor: what replicas follow. */
export const GET = replicationFeedHandler;
