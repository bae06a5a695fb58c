import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountForm } from "@/components/account/account-form";
import { AuthCard } from "@/components/account/auth-card";
import { TextLink } from "@/components/ui/text-link";
import { PASSWORD_MIN } from "@/lib/accounts/password-policy";
import { sessionActor } from "@/lib/server/auth/actor";
import { signUpAction } from "../_actions/accounts";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage() {
  if ((await sessionActor()).kind === "user") redirect("/account");
  return (
    <AuthCard
      title="Create an account"
      intro="We send a link to your email address to confirm it; you can sign in once you have opened it."
      footer={
        <p>
          Have an account already? <TextLink href="/sign-in">Sign in</TextLink>
        </p>
      }
    >
      <AccountForm
        action={signUpAction}
        label="Create an account"
        submitLabel="Create the account"
        fields={[
          { name: "email", label: "Email", type: "email", autoComplete: "email", required: true, maxLength: 254 },
          {
            name: "name",
            label: "Name (optional)",
            autoComplete: "name",
            maxLength: 100,
            hint: "Shown on your account page and in the audit log.",
          },
          {
            name: "password",
            label: "Password",
            type: "password",
            autoComplete: "new-password",
            required: true,
            minLength: PASSWORD_MIN,
            maxLength: 256,
            hint: `At least ${PASSWORD_MIN} characters; a phrase of a few words is best.`,
          },
        ]}
      />
    </AuthCard>
  );
}
