import { virtBuilderImageHandler } from "@/lib/server/exports/exports-handler";

/** A template of the virt-builder index: a redirect to the entry's image. */
export const GET = virtBuilderImageHandler;
