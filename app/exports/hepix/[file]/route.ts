import { exportHandler } from "@/lib/server/exports/exports-handler";

/** The HEPiX image list of the Marketplace, an endorser or any listing query: imagelist.json, or image.list S/MIME-signed. */
export const GET = exportHandler;
