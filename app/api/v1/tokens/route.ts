import { createTokenHandler, listTokensHandler } from "@/lib/server/api/tokens";

export const GET = listTokensHandler;
export const POST = createTokenHandler;
