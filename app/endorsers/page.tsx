import type { Metadata } from "next";
import { connection } from "next/server";
import { listEndorsers } from "@/db";
import { EndorserTable } from "@/components/endorsers/endorser-table";
import { PageHeader } from "@/components/layout/page-header";

export const metadata: Metadata = { title: "Endorsers" };

export default async function EndorsersPage() {
  await connection();
  const endorsers = await listEndorsers();
  return (
    <>
      <PageHeader title="Endorsers">People and services whose certificates signed the metadata in this Marketplace.</PageHeader>
      <EndorserTable endorsers={endorsers} />
    </>
  );
}
