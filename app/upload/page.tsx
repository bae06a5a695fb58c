import type { Metadata } from "next";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { baseUrlFrom } from "@/lib/http/request-info";
import { PageHeader } from "@/components/layout/page-header";
import { CertificateHelp } from "@/components/upload/certificate-help";
import { MetadataHowto } from "@/components/upload/metadata-howto";
import { UploadForm } from "@/components/upload/upload-form";

export const metadata: Metadata = { title: "Upload" };

export default async function UploadPage() {
  const readOnly = env.MARKETPLACE_TYPE === "replica";
  return (
    <>
      <PageHeader title="Upload metadata">
        Publish a signed metadata file. The Marketplace checks its signature, its content and the signing certificate before listing it.
      </PageHeader>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2 lg:items-start">
        <section aria-label="Upload form" className="min-w-0 space-y-4">
          {readOnly ? (
            <p
              role="note"
              className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-600/30 ring-inset dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-400/30"
            >
              This Marketplace is a read-only replica: upload to its master instead.
            </p>
          ) : null}
          <UploadForm maxBytes={env.MAX_UPLOAD_BYTES} disabled={readOnly} />
        </section>
        <div className="min-w-0 space-y-6">
          <MetadataHowto endpoint={await publicOrigin()} />
          <CertificateHelp />
        </div>
      </div>
    </>
  );
}

async function publicOrigin(): Promise<string> {
  return baseUrlFrom(await headers(), `http://localhost:${env.PORT}`).replace(/\/$/, "");
}
