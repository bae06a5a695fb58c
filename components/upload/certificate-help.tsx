import { CERTIFICATE_HELP } from "@/lib/metadata/pki/certificate-help";
import { Card } from "@/components/ui/card";
import { CommandBlock } from "./command-block";

/**
 * What a signing certificate is for and how to get one. The words and the commands are the CLI's and
 * the README's (lib/metadata/pki/certificate-help.ts), so the recipe shown here is the one the tests
 * sign with.
 */
export function CertificateHelp() {
  const { purpose, selfSigned, caIssued } = CERTIFICATE_HELP;
  return (
    <Card as="section" aria-labelledby="certificate-heading" className="min-w-0 p-4 sm:p-5">
      <h2 id="certificate-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
        No certificate yet?
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{purpose}</p>
      <h3 className="mt-4 text-sm font-semibold text-slate-900 dark:text-slate-100">{selfSigned.title}</h3>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{selfSigned.intro}</p>
      <CommandBlock label="Commands to make a self-signed certificate" command={selfSigned.commands.join("\n")} />
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{selfSigned.note}</p>
      <h3 className="mt-4 text-sm font-semibold text-slate-900 dark:text-slate-100">{caIssued.title}</h3>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{caIssued.text}</p>
    </Card>
  );
}
