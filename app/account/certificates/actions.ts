"use server";
/**
 * The certificate actions of the account page: link a public certificate by its PEM (pasted or a
 * file), unlink one. Each finds the signed-in account itself (a visitor's direct POST is a 401) and
 * touches only that account's certificates.
 */
import { revalidatePath } from "next/cache";
import { linkCertificatePem, unlinkCertificate } from "@/db";
import { AppError } from "@/lib/errors";
import { actionAddress, runAction, type ActionState } from "@/lib/server/auth/action-result";
import { requireUser, sessionActor } from "@/lib/server/auth/actor";
import { MAX_CERTIFICATE_PEM_BYTES } from "@/lib/accounts/certificate-limits";

const PATH = "/account/certificates";

async function pemOf(form: FormData): Promise<string> {
  const file = form.get("file");
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_CERTIFICATE_PEM_BYTES)
      throw new AppError(
        "payload_too_large",
        `the file is over ${MAX_CERTIFICATE_PEM_BYTES / 1024} KiB: choose the certificate's PEM file`,
      );
    return file.text();
  }
  const pasted = form.get("pem");
  return typeof pasted === "string" ? pasted : "";
}

export async function linkCertificateAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { user } = requireUser(await sessionActor());
    const linked = await linkCertificatePem(user.id, await pemOf(form), { address: (await actionAddress()) ?? undefined });
    revalidatePath(PATH);
    return `linked ${linked.name}, valid until ${linked.notAfter.slice(0, 10)}.`;
  });
}

export async function unlinkCertificateAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { user } = requireUser(await sessionActor());
    const fingerprint = form.get("fingerprint");
    await unlinkCertificate(user.id, typeof fingerprint === "string" ? fingerprint : "");
    revalidatePath(PATH);
    return "the certificate was unlinked.";
  });
}
