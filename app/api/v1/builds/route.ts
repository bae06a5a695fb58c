import { createBuildHandler, listBuildsHandler } from "@/lib/server/api/builds";

export const GET = listBuildsHandler;
export const POST = createBuildHandler;
