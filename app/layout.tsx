import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader, type HeaderAccount } from "@/components/layout/site-header";
import { hasRole } from "@/lib/accounts/roles";
import { sessionActor } from "@/lib/server/auth/actor";
import { signOutAction } from "./_actions/accounts";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Appliance Marketplace", template: "%s · Appliance Marketplace" },
  description: "Signed metadata of virtual-machine appliances: find, verify and publish.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#4f46e5" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

/** The header's view of the session; a database that cannot answer makes a visitor, not a failed page. */
async function headerAccount(): Promise<HeaderAccount | null> {
  const actor = await sessionActor().catch(() => ({ kind: "visitor" }) as const);
  if (actor.kind !== "user") return null;
  const { user } = actor;
  return { label: user.name || user.email, staff: hasRole(user.role, "moderator"), demo: user.demo };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>
          <SiteHeader account={await headerAccount()} signOut={signOutAction} />
          <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 outline-none sm:px-6 sm:py-8">
            {children}
          </main>
          <SiteFooter />
        </Providers>
      </body>
    </html>
  );
}
