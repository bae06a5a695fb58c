import "server-only";
/** Following the link that proves an endorser email (db/endorser-emails.ts decides). */
import { verifyEndorserEmail } from "@/db";
import { stratuslabHandler } from "@/lib/http/handlers";
import { clientAddress } from "@/lib/http/request-info";
import { htmlResponse } from "@/lib/http/responses";
import { uploadResultPage } from "../stratuslab/upload-result-page";

export const verifyEndorserEmailHandler = stratuslabHandler(async (request: Request): Promise<Response> => {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const { email } = await verifyEndorserEmail(token, { address: clientAddress(request) });
  return htmlResponse(
    200,
    uploadResultPage({
      status: 200,
      pageTitle: "Endorser email verified",
      tone: "success",
      heading: "Endorser email verified",
      message: `${email} is now one of your endorser emails: your uploads for it are published at once. See your account's endorser emails and My entries.`,
    }),
    { "Cache-Control": "no-store" },
  );
});
