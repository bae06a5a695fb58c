import type { Metadata } from "next";
import { AccountForm } from "@/components/account/account-form";
import { AuthCard } from "@/components/account/auth-card";
import { TextLink } from "@/components/ui/text-link";
import { requestResetAction } from "../_actions/accounts";

export const metadata: Metadata = { title: "Reset your password" };

export default function ResetRequestPage() {
  return (
    <AuthCard
      title="Set a new password"
      intro="Enter the email address of your account: we mail it a link to choose a new password."
      footer={
        <p>
          Remembered it? <TextLink href="/sign-in">Sign in</TextLink>
        </p>
      }
    >
      <AccountForm
        action={requestResetAction}
        label="Ask for a password reset link"
        submitLabel="Send the link"
        fields={[{ name: "email", label: "Email", type: "email", autoComplete: "email", required: true, maxLength: 254 }]}
      />
    </AuthCard>
  );
}
