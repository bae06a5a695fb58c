import { verdictHandler } from "@/lib/server/api/verdict";

export const GET = verdictHandler;
