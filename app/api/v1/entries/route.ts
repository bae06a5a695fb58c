import { listEntriesHandler, uploadEntryHandler } from "@/lib/server/api/entries";

export const GET = listEntriesHandler;
export const POST = uploadEntryHandler;
