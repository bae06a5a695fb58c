import { virtBuilderHandler } from "@/lib/server/exports/exports-handler";

/** A virt-builder source: index, or index.asc clear-signed. */
export const GET = virtBuilderHandler;
