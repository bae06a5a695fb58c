import { listPendingHandler } from "@/lib/server/api/pending";

export const GET = listPendingHandler;
