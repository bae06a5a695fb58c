import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard, Notice } from "@/components/account/auth-card";
import { SignInForm } from "@/components/account/sign-in-form";
import type { FormState } from "@/components/account/form-state";
import { Button } from "@/components/ui/button";
import { TextLink } from "@/components/ui/text-link";
import { safeNextPath } from "@/lib/accounts/next-path";
import { env } from "@/lib/env";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/server/accounts/start-accounts";
import { sessionActor } from "@/lib/server/auth/actor";
import { oidcSignIn } from "@/lib/server/auth/config";
import { oidcSignInAction, resendVerificationAction, signInAction } from "../_actions/accounts";

export const metadata: Metadata = { title: "Sign in" };

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** What a redirect here says (next-auth's ?error=&code=, our own flags), in words. */
function arrivalNotice(search: Search): { tone: "green" | "amber"; text: string } | null {
  if (one(search.verified) === "1") return { tone: "green", text: "Your email is verified. Sign in with your password." };
  if (one(search.changed) === "1")
    return { tone: "green", text: "Your password is changed and every session ended. Sign in with the new one." };
  if (one(search.reset) === "1") return { tone: "green", text: "Your new password is set. Sign in with it." };
  if (one(search.signedOut) === "everywhere") return { tone: "green", text: "You are signed out on every device." };
  const error = one(search.error);
  if (!error) return null;
  if (error === "OAuthAccountNotLinked")
    return {
      tone: "amber",
      text: "An account with this email exists already: sign in with its password (the provider's sign-in is not linked to it).",
    };
  if (error === "OidcNoEmail")
    return {
      tone: "amber",
      text: "Your identity provider did not share an email address, and an account here is its email: allow the provider to share it, then sign in again.",
    };
  if (error === "AccessDenied") return { tone: "amber", text: "This account may not sign in (it may be disabled)." };
  if (error === "CredentialsSignin") {
    const code = one(search.code);
    if (code === "unverified")
      return {
        tone: "amber",
        text: "This account's email is not verified yet: open the link we mailed you, or sign in below to get a new one.",
      };
    if (code === "rate-limited")
      return { tone: "amber", text: "Too many failed sign-in attempts: wait a few minutes, or reset the password." };
    return { tone: "amber", text: "The email or the password is not right." };
  }
  return { tone: "amber", text: "Signing in did not work. Try again." };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const next = safeNextPath(one(search.next));
  if ((await sessionActor()).kind === "user") redirect(next);
  const notice = arrivalNotice(search);
  const oidc = oidcSignIn();
  const initial: FormState | undefined = undefined;
  return (
    <AuthCard
      title="Sign in"
      intro="Sign in to publish and manage your appliances, your endorser emails and your API tokens."
      footer={
        <>
          <p>
            No account yet? <TextLink href={`/sign-up${next === "/account" ? "" : `?next=${encodeURIComponent(next)}`}`}>Sign up</TextLink>
          </p>
          <p>
            Forgot your password? <TextLink href="/reset">Set a new one</TextLink>
          </p>
        </>
      }
    >
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      <SignInForm signIn={signInAction} resend={resendVerificationAction} next={next} initial={initial} />
      {oidc ? (
        <form action={oidcSignInAction} className="mt-6 border-t border-slate-200 pt-6 dark:border-slate-700">
          <input type="hidden" name="next" value={next} />
          <Button type="submit" variant="secondary" className="w-full">
            Sign in with {oidc.name}
          </Button>
        </form>
      ) : null}
      {env.DEMO_DATA === "on" ? (
        <div className="mt-6 rounded-md bg-sky-50 p-3 text-sm text-sky-900 ring-1 ring-sky-600/25 ring-inset dark:bg-sky-950/60 dark:text-sky-100 dark:ring-sky-400/30">
          <p className="font-medium">Demo accounts</p>
          <p className="mt-1">
            This Marketplace runs with demo data. Try it with one of these demo accounts, password{" "}
            <code className="font-mono">{DEMO_PASSWORD}</code>:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {DEMO_ACCOUNTS.map((account) => (
              <li key={account.email} className="wrap-anywhere">
                <code className="font-mono">{account.email}</code> ({account.role === "user" ? "endorser" : account.role})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </AuthCard>
  );
}
