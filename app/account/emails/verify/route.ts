/**
 * The link mailed to prove an endorser email: `/account/emails/verify?token=...`. It works once and
 * until it expires (404 unknown, 410 used or expired, 409 verified by another account meanwhile).
 */
import { verifyEndorserEmailHandler } from "@/lib/server/account/verify-email";

export const GET = verifyEndorserEmailHandler;
