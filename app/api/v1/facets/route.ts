import { facetsHandler } from "@/lib/server/api/endorsers";

export const GET = facetsHandler;
