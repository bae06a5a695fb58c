import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { listApiTokens } from "@/db";
import { TOKEN_NAME_MAX } from "@/lib/accounts/token-schemas";
import { sessionActor } from "@/lib/server/auth/actor";
import { PageHeader } from "@/components/layout/page-header";
import { CreateTokenForm } from "@/components/account/token-forms";
import { TokenTable } from "@/components/account/token-table";
import { Card, CardHeading } from "@/components/ui/card";
import { CommandBlock } from "@/components/upload/command-block";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

export default async function AccountTokensPage() {
  const actor = await sessionActor();
  if (actor.kind !== "user") redirect("/sign-in?next=/account/tokens");
  const tokens = await listApiTokens(actor.user.id);
  return (
    <>
      <PageHeader title="API tokens">
        Tokens let the <code className="font-mono">marketplace</code> command and your scripts publish as {actor.user.email}. Each is shown
        once, when it is created; the Marketplace keeps only a hash of it.
      </PageHeader>
      <div className="space-y-6">
        <Card as="section" aria-labelledby="new-token">
          <CardHeading id="new-token">New token</CardHeading>
          <div className="p-4 sm:p-5">
            <CreateTokenForm action={createTokenAction} maxName={TOKEN_NAME_MAX} />
          </div>
        </Card>
        <TokenTable tokens={tokens} revoke={revokeTokenAction} />
        <Card as="section" aria-labelledby="cli-login">
          <CardHeading id="cli-login">From the command line</CardHeading>
          <div className="space-y-2 p-4 text-sm text-slate-700 sm:p-5 dark:text-slate-300">
            <p>
              <code className="font-mono">marketplace login</code> asks for your email and password and stores a new token in{" "}
              <code className="font-mono">~/.config/marketplace/credentials</code>; <code className="font-mono">marketplace logout</code>{" "}
              revokes it. A token made here works too:
            </p>
            <CommandBlock command="MARKETPLACE_TOKEN=mkt_... marketplace upload-metadata entry.xml" />
          </div>
        </Card>
      </div>
    </>
  );
}
