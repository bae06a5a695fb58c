"use client";

import type { DraftData } from "@/lib/wizard/draft";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CommandBlock } from "@/components/upload/command-block";
import { UploadForm } from "@/components/upload/upload-form";
import { BrowserSign } from "./browser-sign";

/**
 * Step 4: the unsigned document to download (made and checked by the server), the exact commands that
 * sign and upload it, and a drop zone for the signed file, published through the same upload path as
 * every other (the same checks and email confirmation rules); or signing right here, with a key that
 * never leaves the browser (browser-sign.tsx).
 */
export function SignStep({
  draftId,
  data,
  maxUploadBytes,
  endpoint,
}: {
  draftId: string;
  data: DraftData;
  maxUploadBytes: number;
  endpoint: string;
}) {
  const file = `${data.image?.hashes?.identifier ?? draftId}.xml`;
  const signed = file.replace(/\.xml$/, "-signed.xml");
  return (
    <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
      <Card as="section" aria-labelledby="download-heading" className="min-w-0 space-y-3 p-5 text-sm text-slate-700 dark:text-slate-300">
        <h2 id="download-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
          1. Download the unsigned metadata
        </h2>
        <a href={`/api/v1/drafts/${draftId}/metadata.xml`} download={file} className={buttonClass({ variant: "primary" })}>
          Download {file}
        </a>
        <h2 className="pt-2 text-base font-semibold text-slate-900 dark:text-slate-100">2. Sign it with your certificate</h2>
        <p>With the PKCS#12 in ~/.globus/usercert.p12 (or name yours with --p12-cert):</p>
        <CommandBlock label="Sign" command={`marketplace sign-metadata ${file} -o ${signed}`} />
        <p>
          No certificate yet? <code className="font-mono">marketplace create-certificate</code> makes a self-signed one to try with; the
          upload page says how to get one your cloud trusts.
        </p>
        <h2 className="pt-2 text-base font-semibold text-slate-900 dark:text-slate-100">3. Upload it here, or with</h2>
        <CommandBlock label="Upload" command={`marketplace upload-metadata ${signed} --marketplace-endpoint ${endpoint}`} />
      </Card>
      <div className="min-w-0 space-y-6">
        <section aria-label="Upload the signed file">
          <UploadForm maxBytes={maxUploadBytes} />
        </section>
        <BrowserSign draftId={draftId} />
      </div>
    </div>
  );
}
