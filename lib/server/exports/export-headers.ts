import { DATA_HEADERS } from "@/lib/http/security-headers";

/** Exports are data, never a page: the data headers (sandbox CSP, nosniff), and revalidated on every fetch. */
export const NO_STORE_SECURITY: Record<string, string> = { ...DATA_HEADERS, "Cache-Control": "no-cache" };
