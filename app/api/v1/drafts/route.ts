import { createDraftHandler, listDraftsHandler } from "@/lib/server/api/drafts";

export const GET = listDraftsHandler;
export const POST = createDraftHandler;
