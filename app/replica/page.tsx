import type { Metadata } from "next";
import { connection } from "next/server";
import { replicaStatus } from "@/db";
import { PageHeader } from "@/components/layout/page-header";
import { ReplicaStatusView } from "@/components/replica/replica-status";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Replication" };

/** What this replica copies and what it refused (issue 12): the page beside `GET /api/v1/replica`. */
export default async function ReplicaPage() {
  await connection();
  const status = await replicaStatus(env.MARKETPLACE_TYPE, env.masterUrls);
  return (
    <>
      <PageHeader title="Replication">
        {status.type === "replica" && status.masters.length > 0
          ? "This Marketplace is a replica: it copies the entries of the masters below, checks every signature and rule again on receipt, stores the exact signed bytes, and refuses what fails."
          : "This Marketplace follows no master. Replicas follow it through its replication feed, /api/v1/replication/entries, and re-verify every entry they copy."}
      </PageHeader>
      {status.masters.length > 0 ? <ReplicaStatusView status={status} /> : null}
    </>
  );
}
