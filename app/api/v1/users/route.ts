import { listUsersHandler } from "@/lib/server/api/admin";

export const GET = listUsersHandler;
