import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { linkCertificatePem, listCertificates, unlinkCertificate } from "@/db";
import { Notice, oneParam } from "@/components/account/notice";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeading } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { messageUrl, pageAddress, pageUser } from "@/lib/server/account/page-actor";

export const metadata: Metadata = { title: "Certificates" };

const PATH = "/account/certificates";
const WARN_DAYS = 30;
const MAX_FILE = 64 * 1024;

async function linkCertificate(form: FormData) {
  "use server";
  const { user } = await pageUser(PATH);
  let target: string;
  try {
    const file = form.get("file");
    const pasted = String(form.get("pem") ?? "");
    const fromFile = file instanceof File && file.size > 0 ? (file.size > MAX_FILE ? "x".repeat(MAX_FILE + 1) : await file.text()) : "";
    const linked = await linkCertificatePem(user.id, fromFile || pasted, { address: await pageAddress() });
    target = messageUrl(PATH, { done: `Linked ${linked.name}, valid until ${linked.notAfter.slice(0, 10)}.` });
  } catch (error) {
    target = messageUrl(PATH, { error });
  }
  redirect(target);
}

async function unlink(form: FormData) {
  "use server";
  const { user } = await pageUser(PATH);
  let target: string;
  try {
    await unlinkCertificate(user.id, String(form.get("fingerprint") ?? ""));
    target = messageUrl(PATH, { done: "The certificate was unlinked." });
  } catch (error) {
    target = messageUrl(PATH, { error });
  }
  redirect(target);
}

function expiry(notAfter: string, now: number) {
  const days = Math.floor((new Date(notAfter).getTime() - now) / 86_400_000);
  if (days < 0) return <Badge tone="red">Expired</Badge>;
  if (days < WARN_DAYS) return <Badge tone="amber">Expires in {days === 1 ? "1 day" : `${days} days`}</Badge>;
  return <Badge tone="green">Valid</Badge>;
}

export default async function CertificatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await pageUser(PATH);
  const params = await searchParams;
  const certificates = await listCertificates(user.id);
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request
  const now = Date.now();
  return (
    <>
      <PageHeader title="Certificates">
        The certificates you sign with, and when they expire. Link one by its public PEM; the certificate of an upload you confirm is linked
        for you. You are warned {WARN_DAYS} days before one expires.
      </PageHeader>
      <div className="max-w-3xl space-y-6">
        <Notice done={oneParam(params.done)} error={oneParam(params.error)} />
        <Card as="section" aria-labelledby="certs-heading">
          <CardHeading id="certs-heading">Linked certificates</CardHeading>
          {certificates.length === 0 ? (
            <p className="px-4 py-4 text-sm text-slate-600 sm:px-5 dark:text-slate-400">None linked yet.</p>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-700">
              {certificates.map((c) => (
                <li key={c.fingerprint} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3 sm:px-5">
                  <div className="min-w-0 space-y-1 text-sm">
                    <p className="font-medium break-words text-slate-900 dark:text-slate-100">{c.name}</p>
                    <p className="break-all text-slate-600 dark:text-slate-400">{c.subject}</p>
                    <p className="break-all text-slate-600 dark:text-slate-400">Issuer: {c.issuer}</p>
                    <p className="flex flex-wrap items-center gap-2 text-slate-700 dark:text-slate-300">
                      {expiry(c.notAfter, now)} until <DateTime value={c.notAfter} />
                      <span className="text-slate-500">· {c.source === "upload" ? "from a confirmed upload" : "linked by PEM"}</span>
                    </p>
                  </div>
                  <form action={unlink}>
                    <input type="hidden" name="fingerprint" value={c.fingerprint} />
                    <Button type="submit" variant="secondary" size="xs" aria-label={`Unlink ${c.name}`}>
                      Unlink
                    </Button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card as="section" aria-labelledby="link-heading" className="p-4 sm:p-5">
          <h2 id="link-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
            Link a certificate
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            The public certificate only (<code>-----BEGIN CERTIFICATE-----</code>), never the private key: for example{" "}
            <code>openssl pkcs12 -in ~/.globus/usercert.p12 -nokeys -clcerts</code>.
          </p>
          <form action={linkCertificate} className="mt-3 space-y-3">
            <div>
              <label htmlFor="pem" className="block text-sm font-medium text-slate-700 dark:text-slate-300">
                Paste the PEM
              </label>
              <textarea
                id="pem"
                name="pem"
                rows={6}
                maxLength={MAX_FILE}
                className="mt-1 block w-full rounded-md border-0 bg-white px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 dark:bg-slate-950 dark:text-slate-100 dark:ring-slate-600"
              />
            </div>
            <div>
              <label htmlFor="file" className="block text-sm font-medium text-slate-700 dark:text-slate-300">
                Or choose a .pem file
              </label>
              <input
                id="file"
                name="file"
                type="file"
                accept=".pem,.crt,.cer,text/plain"
                className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-semibold file:text-slate-700 dark:text-slate-300 dark:file:border-slate-600 dark:file:bg-slate-800 dark:file:text-slate-200"
              />
            </div>
            <Button type="submit" className="w-full sm:w-auto">
              Link the certificate
            </Button>
          </form>
        </Card>
      </div>
    </>
  );
}
