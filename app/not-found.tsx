import { connection } from "next/server";
import { ButtonLink } from "@/components/ui/button";

/**
 * Rendered per request, not prerendered: the page's scripts must carry the request's CSP nonce
 * (proxy.ts), which a page built ahead of time cannot know, or the browser blocks them.
 */
export default async function NotFound() {
  await connection();
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">Not found</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        There is no metadata entry, endorser or tag at this address. It may have been mistyped, or the entry may never have been uploaded
        here.
      </p>
      <ButtonLink href="/metadata" className="mt-6">
        Browse the appliances
      </ButtonLink>
    </div>
  );
}
