import type { TokenSummary } from "@/lib/accounts/token-schemas";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeading, EmptyNotice } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { RevokeTokenButton, type RevokeTokenState } from "./token-forms";

/** Whole seconds, as DateTime shows them. */
const shown = (iso: string) => iso.replace(/\.\d+Z$/, "Z");

function When({ value, none }: { value: string | null; none: string }) {
  return value ? <DateTime value={shown(value)} /> : <span className="text-slate-500 dark:text-slate-400">{none}</span>;
}

function status(token: TokenSummary, now: number) {
  if (token.revokedAt) return <Badge tone="red">Revoked</Badge>;
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return <Badge tone="amber">Expired</Badge>;
  return <Badge tone="green">Active</Badge>;
}

/** The account's tokens: a table on desktop, one card per token on a phone. */
export function TokenTable({
  tokens,
  revoke,
}: {
  tokens: TokenSummary[];
  revoke: (state: RevokeTokenState, form: FormData) => Promise<RevokeTokenState>;
}) {
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request
  const now = Date.now();
  if (tokens.length === 0) return <EmptyNotice>You have no API tokens yet.</EmptyNotice>;
  return (
    <Card as="section" aria-labelledby="your-tokens">
      <CardHeading id="your-tokens">Your tokens</CardHeading>
      <ul className="divide-y divide-slate-200 dark:divide-slate-700">
        {tokens.map((token) => {
          const usable = !token.revokedAt && !(token.expiresAt && Date.parse(token.expiresAt) <= now);
          return (
            <li key={token.id} className="grid grid-cols-1 gap-2 px-4 py-3 text-sm sm:grid-cols-[1fr_auto] sm:items-center sm:px-5">
              <div className="min-w-0 space-y-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium wrap-anywhere text-slate-900 dark:text-slate-100">{token.name}</span>
                  <code className="font-mono text-xs text-slate-600 dark:text-slate-400">{token.prefix}…</code>
                  {status(token, now)}
                </div>
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-600 sm:flex sm:flex-wrap sm:gap-x-4 dark:text-slate-400">
                  <dt className="sm:after:content-[':']">Created</dt>
                  <dd className="text-slate-800 dark:text-slate-200">
                    <DateTime value={shown(token.createdAt)} />
                  </dd>
                  <dt className="sm:after:content-[':']">Last used</dt>
                  <dd className="text-slate-800 dark:text-slate-200">
                    <When value={token.lastUsedAt} none="never" />
                  </dd>
                  <dt className="sm:after:content-[':']">{token.revokedAt ? "Revoked" : "Expires"}</dt>
                  <dd className="text-slate-800 dark:text-slate-200">
                    {token.revokedAt ? <DateTime value={shown(token.revokedAt)} /> : <When value={token.expiresAt} none="never" />}
                  </dd>
                </dl>
              </div>
              {usable ? <RevokeTokenButton action={revoke} id={token.id} name={token.name} /> : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
