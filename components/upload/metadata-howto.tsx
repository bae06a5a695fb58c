import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { CommandBlock } from "./command-block";

function Step({ n, title, children, command }: { n: number; title: string; children: ReactNode; command: string }) {
  return (
    <li className="relative min-w-0 pl-9">
      <span
        aria-hidden="true"
        className="absolute top-0 left-0 flex size-6 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-800 dark:bg-indigo-900 dark:text-indigo-200"
      >
        {n}
      </span>
      <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-100">{title}</h3>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{children}</p>
      <CommandBlock command={command} />
    </li>
  );
}

/** How an image author makes the file this page accepts, with the `marketplace` command. */
export function MetadataHowto({ endpoint }: { endpoint: string }) {
  return (
    <Card as="section" aria-labelledby="howto-heading" className="min-w-0 p-4 sm:p-5">
      <h2 id="howto-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
        How to make signed metadata
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        The <code className="font-mono">marketplace</code> command (or the original <code className="font-mono">stratus-*-metadata</code>{" "}
        tools) does it in three steps.
      </p>
      <ol className="mt-4 space-y-5">
        <Step
          n={1}
          title="Describe the image"
          command={
            "marketplace build-metadata --os Ubuntu --os-version 24.04 --os-arch x86_64 --image-version 1.0 \\\n  --location https://images.example.org/ubuntu-24.04.img.gz \\\n  --title 'Ubuntu 24.04 server' ubuntu-24.04.img.gz"
          }
        >
          Reads the image once for its size, checksums and identifier and writes skeletal metadata. Edit the file to add a description if
          you like.
        </Step>
        <Step
          n={2}
          title="Sign it with your certificate"
          command={"marketplace sign-metadata --p12-cert ~/.globus/usercert.p12 \\\n  Ubuntu-24.04-x86_64-base-1.0.xml"}
        >
          Fills in the endorsement (your email, subject and issuer) and adds an XML signature. A PEM key and certificate work too (
          <code className="font-mono">--key</code>, <code className="font-mono">--cert</code>).
        </Step>
        <Step
          n={3}
          title="Upload it"
          command={`marketplace upload-metadata --marketplace-endpoint ${endpoint} \\\n  Ubuntu-24.04-x86_64-base-1.0.xml`}
        >
          From the command line, or with the form on this page. Uploading a newer signed entry for the same image replaces the listed one.
        </Step>
      </ol>
    </Card>
  );
}
