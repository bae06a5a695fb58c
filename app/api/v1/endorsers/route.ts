import { listEndorsersHandler } from "@/lib/server/api/endorsers";

export const GET = listEndorsersHandler;
