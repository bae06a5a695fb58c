import { feedHandler } from "@/lib/server/feeds";

export const GET = feedHandler;
