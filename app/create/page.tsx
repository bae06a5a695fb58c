import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { listDrafts } from "@/db";
import { isIdentifier } from "@/lib/metadata/identifier";
import { sessionActor } from "@/lib/server/auth/actor";
import { DRAFT_STEPS } from "@/lib/wizard/draft";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardHeading } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { CommandBlock } from "@/components/upload/command-block";
import { deleteDraftAction, startDraftAction } from "./actions";

const buildCommand = (base: string | undefined) =>
  base
    ? `marketplace create-image ${base} -a nginx -s setup.sh --title "My appliance with nginx"`
    : 'marketplace create-image --bootstrap debian:bookworm -a nginx -s setup.sh --title "Debian 12 with nginx"';

export const metadata: Metadata = { title: "Create an entry" };
export const dynamic = "force-dynamic";

const FLOWS = [
  {
    flow: "image",
    title: "I have an image",
    text: "Hash a local image in your browser (it is never uploaded), say where it is downloaded from, describe it, then sign and publish its metadata.",
  },
  {
    flow: "build",
    title: "Build me an image",
    text: "Start from a Marketplace appliance, Debian 12 or a VirtualBox disk, add packages and scripts, and let the Marketplace build and boot-test it.",
  },
] as const;

/** `/create`: the two ways in, and the drafts a refresh or another device left. */
export default async function CreatePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // ?base=ID comes from an entry page's "Build from this appliance"; anything else is ignored.
  const wanted = (await searchParams).base;
  const base = typeof wanted === "string" && isIdentifier(wanted) ? wanted : undefined;
  const here = base ? `/create?base=${base}` : "/create";
  const actor = await sessionActor();
  if (actor.kind !== "user") redirect(`/sign-in?next=${encodeURIComponent(here)}`);
  const drafts = await listDrafts(actor.user.id);
  return (
    <>
      <PageHeader title="Create an entry">
        Every step is saved as you go: close the tab or switch devices and carry on from <strong>My drafts</strong>.
      </PageHeader>
      <div className="grid gap-4 sm:grid-cols-2">
        {FLOWS.map(({ flow, title, text }) => (
          <Card as="section" key={flow} aria-labelledby={`flow-${flow}`} className="flex min-w-0 flex-col gap-3 p-5">
            <h2 id={`flow-${flow}`} className="text-lg font-semibold text-slate-900 dark:text-slate-100">
              {title}
            </h2>
            <p className="flex-1 text-sm text-slate-700 dark:text-slate-300">{text}</p>
            <form action={startDraftAction}>
              <input type="hidden" name="flow" value={flow} />
              {flow === "build" && base ? <input type="hidden" name="base" value={base} /> : null}
              <Button type="submit">{flow === "image" ? "Describe my image" : "Build an image"}</Button>
            </form>
            {flow === "build" ? (
              <div className="text-sm text-slate-700 dark:text-slate-300">
                {base ? (
                  <p className="mb-2">
                    Starting from{" "}
                    <Link href={`/metadata/${base}`} className="font-mono wrap-anywhere text-indigo-700 underline dark:text-indigo-300">
                      {base}
                    </Link>
                    : the build uses a valid entry of it.
                  </p>
                ) : null}
                <p>Or from the command line, with your API token:</p>
                <CommandBlock label="Build" command={buildCommand(base)} />
              </div>
            ) : null}
          </Card>
        ))}
      </div>
      <Card as="section" aria-labelledby="my-drafts" className="mt-8">
        <CardHeading id="my-drafts">My drafts</CardHeading>
        {drafts.length === 0 ? (
          <p className="p-4 text-sm text-slate-600 sm:p-5 dark:text-slate-400">No drafts yet: each way in above starts one.</p>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-700">
            {drafts.map((draft) => {
              const title =
                typeof draft.data.metadata?.title === "string" && draft.data.metadata.title ? draft.data.metadata.title : "Untitled";
              const steps = DRAFT_STEPS[draft.flow];
              return (
                <li key={draft.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-5">
                  <div className="min-w-0">
                    <Link
                      href={`/create/${draft.id}/${draft.step}`}
                      className="font-medium wrap-anywhere text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
                    >
                      {title}
                    </Link>
                    <p className="text-xs text-slate-600 dark:text-slate-400">
                      {draft.flow === "image" ? "I have an image" : "Build me an image"} · step {steps.indexOf(draft.step) + 1} of{" "}
                      {steps.length} · saved <DateTime value={draft.updatedAt.toISOString()} />
                    </p>
                  </div>
                  <form action={deleteDraftAction}>
                    <input type="hidden" name="id" value={draft.id} />
                    <Button type="submit" variant="secondary" size="sm" aria-label={`Delete the draft ${title}`}>
                      Delete
                    </Button>
                  </form>
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </>
  );
}
