import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccountForm } from "@/components/account/account-form";
import { AuthCard } from "@/components/account/auth-card";
import { TextLink } from "@/components/ui/text-link";
import { peekEmailLink } from "@/db";
import { PASSWORD_MIN } from "@/lib/accounts/password-policy";
import { resetPasswordAction } from "../../_actions/accounts";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

/** A reset link's landing: the link is only used when the new password is sent (a mail scanner's visit spends nothing). */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const state = await peekEmailLink("reset-password", token);
  if (state !== "ok") notFound();
  return (
    <AuthCard
      title="Choose a new password"
      intro="Setting it signs your account out on every device."
      footer={
        <p>
          <TextLink href="/sign-in">Back to sign in</TextLink>
        </p>
      }
    >
      <AccountForm
        action={resetPasswordAction}
        label="Choose a new password"
        hidden={{ token }}
        submitLabel="Set the password"
        fields={[
          {
            name: "password",
            label: "New password",
            type: "password",
            autoComplete: "new-password",
            required: true,
            minLength: PASSWORD_MIN,
            maxLength: 256,
            hint: `At least ${PASSWORD_MIN} characters; a phrase of a few words is best.`,
          },
          {
            name: "confirm",
            label: "The new password again",
            type: "password",
            autoComplete: "new-password",
            required: true,
            maxLength: 256,
          },
        ]}
      />
    </AuthCard>
  );
}
