import { uploadDiskHandler } from "@/lib/server/api/builds";

export const POST = uploadDiskHandler;
