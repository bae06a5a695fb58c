import { auditHandler } from "@/lib/server/api/admin";

export const GET = auditHandler;
