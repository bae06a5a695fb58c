import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { bootTestOfImage, endorserCertificates, entriesForImage, entryHidden, getEntry } from "@/db";
import { EndorserActions } from "@/components/entry/endorser-actions";
import { EntryFacts } from "@/components/entry/entry-facts";
import { EntryHeader } from "@/components/entry/entry-header";
import { entryTitle } from "@/components/entry/entry-title";
import { HiddenNotice } from "@/components/entry/hidden-notice";
import { ModerationPanel } from "@/components/entry/moderation-panel";
import { RelatedEntries } from "@/components/entry/related-entries";
import { SignaturePanel } from "@/components/entry/signature-panel";
import { SupersessionBanner } from "@/components/entry/supersession-banner";
import { PageHeader } from "@/components/layout/page-header";
import { hasRole } from "@/lib/accounts/roles";
import { env } from "@/lib/env";
import { entryPath, readSegment } from "@/lib/entries/entry-urls";
import { baseUrlFrom } from "@/lib/http/request-info";
import { setPageStatus } from "@/lib/process-hooks";
import { mayRevise } from "@/lib/server/admin/use-cases";
import { sessionActor } from "@/lib/server/auth/actor";
import { VerifyDownload } from "@/components/verify/verify-download";
import { hideAction, showAction } from "./actions";

type Params = Promise<{ a: string; b: string; c: string }>;

/** One read per request, shared by the page and its <title>. */
const loadEntry = cache(async (identifier: string, email: string, created: string) => {
  await connection();
  const key = { identifier, email, created };
  const [entry, hidden, actor] = await Promise.all([getEntry(key), entryHidden(key), sessionActor()]);
  return { entry, hidden, actor, now: Date.now() };
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { a, b, c } = await params;
  const { entry, hidden, actor } = await loadEntry(readSegment(a), readSegment(b), readSegment(c));
  if (hidden && !(actor.kind === "user" && hasRole(actor.user.role, "moderator"))) return { title: "Entry hidden" };
  return { title: entry ? entryTitle(entry) : "Entry not found" };
}

/** `/metadata/{identifier}/{email}/{created}`: one entry whatever its status ("More..."). */
export default async function EntryPage({ params }: { params: Params }) {
  const { a, b, c } = await params;
  const [identifier, email, created] = [readSegment(a), readSegment(b), readSegment(c)];
  const { entry, hidden, actor, now } = await loadEntry(identifier, email, created);
  if (!entry) notFound();
  const moderator = actor.kind === "user" && hasRole(actor.user.role, "moderator");
  if (hidden && !moderator) {
    // Gone, with the moderator's reason; nothing else of the entry is shown.
    setPageStatus(410);
    return (
      <article>
        <PageHeader title="This entry is hidden" />
        <HiddenNotice reason={hidden.reason} at={hidden.at} />
      </article>
    );
  }
  const digest = (algorithm: string) => entry.metadata.checksums.find((c) => c.algorithm.toUpperCase() === algorithm)?.value;
  const [related, certificates, endorser, bootTest] = await Promise.all([
    entriesForImage(identifier),
    endorserCertificates(email),
    hidden ? Promise.resolve(false) : mayRevise(actor, email),
    bootTestOfImage({ sha256: digest("SHA-256"), sha512: digest("SHA-512") }),
  ]);
  const key = { identifier: entry.identifier, email: entry.email, created: entry.created };
  return (
    <article>
      {hidden ? <HiddenNotice reason={hidden.reason} at={hidden.at} by={hidden.by} /> : null}
      <SupersessionBanner entry={entry} related={related} now={now} />
      <EntryHeader entry={entry} bootTest={bootTest} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start">
        <div className="min-w-0 lg:col-start-1">
          <EntryFacts entry={entry} />
          <VerifyDownload metadata={entry.metadata} />
          {endorser ? (
            <EndorserActions
              revisionPath={`/api/v1/entries${entryPath(key).replace(/^\/metadata/, "")}/revision`}
              identifier={entry.identifier}
              endpoint={baseUrlFrom(await headers(), `http://localhost:${env.PORT}`).replace(/\/$/, "")}
              maxUploadBytes={env.MAX_UPLOAD_BYTES}
              deprecated={entry.status === "deprecated"}
            />
          ) : null}
          {moderator ? <ModerationPanel entry={key} hidden={hidden !== undefined} hideAction={hideAction} showAction={showAction} /> : null}
        </div>
        <div className="min-w-0 lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <SignaturePanel entry={entry} certificates={certificates} />
        </div>
        <div className="min-w-0 lg:col-start-1">
          <RelatedEntries current={entry} entries={related} />
        </div>
      </div>
    </article>
  );
}
