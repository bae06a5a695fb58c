/**
 * The landing of an account verification link (`/verify?token=…`, mailed at sign-up): it proves the
 * sign-in email and sends the person on to sign in (303). A link never issued answers 404, a used or
 * expired one 410, each as a page saying what to do.
 */
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/request-info";
import { verifyAccount } from "@/lib/server/accounts/accounts";
import { linkProblemResponse } from "@/lib/server/accounts/link-page";

export async function GET(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  try {
    await verifyAccount(token, { base: "", address: clientAddress(request) });
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== "gone" && error.code !== "not_found")) throw error;
    const used = error.message.includes("used");
    return linkProblemResponse(
      error.status,
      error.code === "not_found" ? "This link is not known" : used ? "This link has been used" : "This link has expired",
      error.code === "not_found"
        ? "Check that the whole link was copied from the message. If your account is still waiting, sign in to get a new link."
        : used
          ? "Each verification link works once, and this one has already confirmed its email: sign in."
          : "Verification links work for 24 hours. Sign in with your email and password to get a new one.",
      { href: "/sign-in", label: "Go to sign in" },
    );
  }
  return new Response(null, { status: 303, headers: { Location: "/sign-in?verified=1", "Cache-Control": "no-store" } });
}
