import { replicaStatusHandler } from "@/lib/server/api/replication";

/** This replica's masters and the entries it refused, with the reasons. */
export const GET = replicaStatusHandler;
