import { packagesHandler } from "@/lib/server/api/packages";

export const GET = packagesHandler;
