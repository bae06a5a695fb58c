/**
 * next-auth's endpoints (sign-in, callbacks, sign-out, session, CSRF token). Before next-auth sees
 * it, a POST is capped (an auth form is small: 16 KiB), and a password sign-in is refused with a 429
 * while its email or client address has used up its failed attempts.
 */
import { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/request-info";
import { readCapped } from "@/lib/http/read-body";
import { apiErrorResponse } from "@/lib/http/responses";
import { handlers } from "@/lib/server/auth/config";
import { assertSignInAllowed } from "@/lib/server/auth/sign-in-limit";

const MAX_AUTH_FORM_BYTES = 16 * 1024;

export const GET = handlers.GET;

export async function POST(request: NextRequest): Promise<Response> {
  try {
    const body = await readCapped(request, MAX_AUTH_FORM_BYTES);
    if (request.nextUrl.pathname.endsWith("/callback/credentials")) {
      const email = new URLSearchParams(body.toString("utf8")).get("email");
      if (!email) throw new AppError("bad_request", "send the email and password as form fields");
      await assertSignInAllowed(email, clientAddress(request));
    }
    return await handlers.POST(new NextRequest(request.url, { method: "POST", headers: request.headers, body: new Uint8Array(body) }));
  } catch (error) {
    return apiErrorResponse(request, error);
  }
}
