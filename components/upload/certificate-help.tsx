import { CommandBlock } from "./command-block";

/**
 * What a signing certificate is for and how to get one: the same three points as the CLI's message and
 * the README (a certificate proves who endorsed an entry; a self-signed one works at once and is
 * labelled "Self-signed"; a CA-issued one is labelled "Trusted CA" when this Marketplace trusts the CA).
 */
export function CertificateHelp() {
  return (
    <section aria-labelledby="certificate-heading" className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-5">
      <h2 id="certificate-heading" className="text-base font-semibold text-slate-900">
        No certificate yet?
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Your certificate signs the metadata: it shows who endorsed the image, and only your key may publish for your email afterwards. Keep its private key to
        yourself.
      </p>
      <h3 className="mt-4 text-sm font-semibold text-slate-900">Make a self-signed one (works at once)</h3>
      <p className="mt-1 text-sm text-slate-600">
        Entries signed with it are labelled <strong className="font-semibold">Self-signed</strong>: people see who signed, but no authority vouches for it.
      </p>
      <CommandBlock
        label="Commands to make a self-signed certificate"
        command={
          'openssl req -x509 -newkey rsa:3072 -sha256 -days 365 -nodes \\\n  -subj "/CN=Your Name/emailAddress=you@example.org" \\\n  -keyout userkey.pem -out usercert.pem\nmarketplace sign-metadata --key userkey.pem --cert usercert.pem my-image.xml'
        }
      />
      <h3 className="mt-4 text-sm font-semibold text-slate-900">Get one from a certificate authority</h3>
      <p className="mt-1 text-sm text-slate-600">
        Ask your organisation&apos;s certificate authority (for research sites, often a grid CA of IGTF) for a personal certificate that carries your email. If this
        Marketplace trusts that CA, your entries are labelled <strong className="font-semibold">Trusted CA</strong> (else Unknown CA). Most CAs deliver a <code className="font-mono">.p12</code> file: put it at{" "}
        <code className="font-mono">~/.globus/usercert.p12</code>, where <code className="font-mono">marketplace sign-metadata</code> looks first.
      </p>
    </section>
  );
}
