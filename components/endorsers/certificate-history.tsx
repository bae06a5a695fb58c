import type { CertificateUse, KeyAdmission } from "@/lib/entries/types";
import { DateTime } from "@/components/ui/date-time";
import { Card } from "@/components/ui/card";
import { displayName } from "@/lib/metadata/pki/display-name";

/** How each key was allowed to publish for the email (key continuity), in words. */
export const ADMISSION_TEXT: Record<KeyAdmission, string> = {
  "first-key": "First key to publish for this email",
  "trusted-ca": "Admitted: certificate from a trusted CA carrying this email",
  "email-confirmed": "Admitted: confirmed by the owner of this email",
  existing: "Published before key continuity",
};

/**
 * Every certificate that has signed entries for an endorser email, oldest first, with the key it
 * holds and how that key came to be accepted: what a reader needs to see whether someone else has
 * ever published under this email.
 */
export function CertificateHistory({ certificates, currentFingerprint }: { certificates: CertificateUse[]; currentFingerprint?: string }) {
  if (certificates.length === 0) return null;
  return (
    <Card as="ol" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
      {certificates.map((certificate) => (
        <li key={certificate.fingerprint} className="space-y-1.5 px-4 py-3 sm:px-5">
          <p className="font-medium wrap-anywhere text-slate-900 dark:text-slate-100">
            {displayName(certificate.subject)}
            {certificate.fingerprint === currentFingerprint ? (
              <span className="ml-2 rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
                this entry
              </span>
            ) : null}
          </p>
          <p className="wrap-anywhere text-slate-600 dark:text-slate-400">Issued by {displayName(certificate.issuer)}</p>
          <p className="text-slate-700 dark:text-slate-300">{ADMISSION_TEXT[certificate.admittedBy]}.</p>
          <p className="text-slate-600 dark:text-slate-400">
            {certificate.entries} {certificate.entries === 1 ? "entry" : "entries"}, <DateTime value={certificate.firstEndorsed} />
            {certificate.lastEndorsed !== certificate.firstEndorsed ? (
              <>
                {" "}
                to <DateTime value={certificate.lastEndorsed} />
              </>
            ) : null}
            ; valid until <DateTime value={certificate.notAfter} />
          </p>
          <p className="font-mono text-xs break-all text-slate-500 dark:text-slate-400">Key SHA-256 {certificate.publicKeySha256}</p>
        </li>
      ))}
    </Card>
  );
}
