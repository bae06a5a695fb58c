import { Fragment, type ReactNode } from "react";
import type { CertificateUse, EntryDetail } from "@/lib/entries/types";
import { ADMISSION_TEXT, CertificateHistory } from "@/components/endorsers/certificate-history";
import { Card, CardHeading } from "@/components/ui/card";
import { TrustBadge } from "@/components/entry/trust-badge";
import { formatFingerprint } from "@/components/format";
import { displayName } from "@/lib/metadata/pki/display-name";
import { DateTime } from "@/components/ui/date-time";
import { FOCUS_RING } from "@/components/ui/focus-ring";
import { EmailAddress } from "@/components/ui/email-address";
import { AlertIcon } from "@/components/ui/icons";

/** Who signed, with what, and whether the certificate deserves trust: what the original never showed. */
export function SignaturePanel({ entry, certificates }: { entry: EntryDetail; certificates: CertificateUse[] }) {
  const { signature, trustEvaluation: trust } = entry;
  const certificate = signature.certificate;
  const keyType = certificate.keyType.length <= 5 ? certificate.keyType.toUpperCase() : certificate.keyType;
  const key = certificate.keyBits ? `${keyType}, ${certificate.keyBits} bits` : keyType;
  const use = certificates.find((c) => c.fingerprint === certificate.fingerprintSha256);
  return (
    <Card as="section" aria-labelledby="signature-heading">
      <CardHeading id="signature-heading">Signature</CardHeading>
      <div className="space-y-4 px-4 py-4 text-sm sm:px-5">
        <div className="space-y-1.5">
          <TrustBadge label={trust.label} />
          <p className="wrap-anywhere text-slate-700 dark:text-slate-300">
            {capitalise(readableNames(trust.reason, [certificate.subject, certificate.issuer, trust.anchorSubject]))}.
          </p>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            Evaluated at the endorsement time, <DateTime value={trust.checkedAt} withSeconds />.
          </p>
        </div>

        {signature.weak ? (
          <p className="flex gap-2 rounded-md bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-600/30 ring-inset dark:bg-amber-950/60 dark:text-amber-100 dark:ring-amber-400/30">
            <AlertIcon className="mt-0.5 size-4" />
            <span>
              <strong className="font-semibold">Weak (SHA-1).</strong> The signature verifies, but SHA-1 is no longer collision-resistant;
              the endorser should sign again with the modern profile (RSA-SHA256).
            </span>
          </p>
        ) : null}

        <dl className="space-y-3">
          <Item label="Signer">{displayName(certificate.subject)}</Item>
          <Item label="Issuer">{displayName(certificate.issuer)}</Item>
          <Item label="Certificate valid">
            <DateTime value={certificate.notBefore} /> to <DateTime value={certificate.notAfter} />
          </Item>
          <Item label="SHA-256 fingerprint" mono>
            <Fingerprint hex={certificate.fingerprintSha256} />
          </Item>
          <Item label="Algorithms">{signature.description}</Item>
          <Item label="Key">{key}</Item>
          {trust.anchorSubject ? <Item label="Trust anchor">{displayName(trust.anchorSubject)}</Item> : null}
          {use ? <Item label="Key continuity">{ADMISSION_TEXT[use.admittedBy]}.</Item> : null}
        </dl>

        {certificates.length > 0 ? (
          <details className="group" open={certificates.length > 1}>
            <summary
              className={`cursor-pointer rounded text-sm font-medium wrap-anywhere text-indigo-700 dark:text-indigo-300 ${FOCUS_RING}`}
            >
              Certificates of <EmailAddress email={entry.email} /> ({certificates.length})
            </summary>
            <div className="mt-2">
              <CertificateHistory certificates={certificates} currentFingerprint={certificate.fingerprintSha256} />
            </div>
          </details>
        ) : null}

        <details className="group">
          <summary className={`cursor-pointer rounded text-sm font-medium text-indigo-700 dark:text-indigo-300 ${FOCUS_RING}`}>
            Certificate (PEM)
          </summary>
          <pre className="mt-2 max-h-64 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
            {certificate.pem}
          </pre>
        </details>
      </div>
    </Card>
  );
}

function Item({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{label}</dt>
      <dd className={`mt-0.5 wrap-anywhere text-slate-800 dark:text-slate-200 ${mono ? "font-mono text-xs" : ""}`}>{children}</dd>
    </div>
  );
}

/** Colon-separated bytes that wrap only between bytes. */
function Fingerprint({ hex }: { hex: string }) {
  const bytes = formatFingerprint(hex).split(":");
  return (
    <span className="break-normal">
      {bytes.map((byte, index) => (
        <Fragment key={index}>
          {byte}
          {index < bytes.length - 1 ? (
            <>
              :<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
    </span>
  );
}

/** The stored reason quotes names in their exact RFC 2253 form; people read them decoded. */
function readableNames(reason: string, names: Array<string | undefined>): string {
  let readable = reason;
  for (const name of new Set(names)) if (name) readable = readable.replaceAll(name, displayName(name));
  return readable;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
