import { contextDiskHandler } from "@/lib/server/api/context-disks";

export const POST = contextDiskHandler;
