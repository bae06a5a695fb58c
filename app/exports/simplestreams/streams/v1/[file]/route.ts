import { simplestreamsHandler } from "@/lib/server/exports/exports-handler";

/** Simplestreams: index.json and appliances.json (index.sjson and appliances.sjson clear-signed). */
export const GET = simplestreamsHandler;
