import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { findByTag } from "@/db";
import { entryPath, readSegment } from "@/lib/entries/entry-urls";
import { tagFromRequest } from "@/lib/entries/tag";

/** `/tag/{email}/{tag}`: the newest non-deprecated entry carrying the tag, at its canonical address. */
export default async function TagPage({ params }: { params: Promise<{ email: string; tag: string }> }) {
  const { email, tag } = await params;
  await connection();
  const key = await findByTag(readSegment(email), tagFromRequest(readSegment(tag)));
  if (!key) notFound();
  redirect(entryPath(key));
}
