import type { Metadata } from "next";
import { listCertificates } from "@/db";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardHeading } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { MAX_CERTIFICATE_PEM_BYTES } from "@/lib/accounts/certificate-limits";
import { pageUser } from "@/lib/server/auth/page-access";
import { linkCertificateAction, unlinkCertificateAction } from "./actions";

export const metadata: Metadata = { title: "Certificates" };

const WARN_DAYS = 30;

function expiry(notAfter: string, now: number) {
  const days = Math.floor((new Date(notAfter).getTime() - now) / 86_400_000);
  if (days < 0) return <Badge tone="red">Expired</Badge>;
  if (days < WARN_DAYS) return <Badge tone="amber">Expires in {days === 1 ? "1 day" : `${days} days`}</Badge>;
  return <Badge tone="green">Valid</Badge>;
}

export default async function CertificatesPage() {
  const { user } = await pageUser("/account/certificates");
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
                  <ActionForm
                    action={unlinkCertificateAction}
                    submitLabel="Unlink"
                    submitAriaLabel={`Unlink ${c.name}`}
                    variant="secondary"
                    size="xs"
                  >
                    <input type="hidden" name="fingerprint" value={c.fingerprint} />
                  </ActionForm>
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
          <ActionForm
            action={linkCertificateAction}
            submitLabel="Link the certificate"
            label="Link a certificate"
            className="mt-3 space-y-3"
            fullWidthSubmit
          >
            <div>
              <label htmlFor="pem" className="block text-sm font-medium text-slate-700 dark:text-slate-300">
                Paste the PEM
              </label>
              <textarea
                id="pem"
                name="pem"
                rows={6}
                maxLength={MAX_CERTIFICATE_PEM_BYTES}
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
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
