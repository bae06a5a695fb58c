"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { readUploadResponse, type UploadFormResult } from "@/components/upload/upload-response";
import { UploadResultPanel } from "@/components/upload/upload-result-panel";
import { Field } from "./fields";

type Errors = { files?: string; password?: string; form?: string };

/**
 * Sign in the browser: the user's PKCS#12 (or PEM key and certificate) is opened in this page with
 * the password typed here; only the public certificate goes to the server, which answers with the
 * document and the SignedInfo to sign (POST /api/v1/drafts/{id}/signature); Web Crypto signs it
 * here, and the finished file is published through the usual upload. The key and the password are
 * never in a request.
 */
export function BrowserSign({ draftId }: { draftId: string }) {
  const [files, setFiles] = useState<File[]>([]);
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState<string>();
  const [result, setResult] = useState<UploadFormResult>();
  const resultRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  async function sign(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors({});
    setResult(undefined);
    setBusy("Opening your certificate…");
    try {
      // node-forge is loaded only here, when someone signs.
      const [{ openCredentials, CredentialsError }, { completeSignature }] = await Promise.all([
        import("@/lib/browser-sign/credentials"),
        import("@/lib/browser-sign/sign"),
      ]);
      let opened;
      try {
        const read = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
        opened = openCredentials(read, password);
      } catch (error) {
        if (!(error instanceof CredentialsError)) throw error;
        setErrors(error.problem === "wrong_password" ? { password: error.message } : { files: error.message });
        return;
      }
      setBusy("Preparing the signature…");
      const response = await fetch(`/api/v1/drafts/${draftId}/signature`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ certificate: opened.certificatePem }),
      });
      const body = (await response.json().catch(() => ({}))) as {
        xml?: string;
        signedInfo?: string;
        placeholder?: string;
        hash?: "SHA-1" | "SHA-256" | "SHA-512";
        error?: { message?: string; fields?: { field: string; message: string }[] };
      };
      if (!response.ok || !body.xml || !body.signedInfo || !body.placeholder || !body.hash) {
        const field = body.error?.fields?.[0];
        const message = field ? `${field.field === "certificate" ? "The certificate" : field.field} ${field.message}` : body.error?.message;
        setErrors(
          field?.field === "certificate"
            ? { files: message }
            : { form: message ?? `The signature could not be prepared (${response.status}).` },
        );
        return;
      }
      setBusy("Signing and publishing…");
      const signed = await completeSignature(
        { xml: body.xml, signedInfo: body.signedInfo, placeholder: body.placeholder, hash: body.hash },
        opened.pkcs8,
      );
      const upload = new FormData();
      upload.append("file", new Blob([signed], { type: "application/xml" }), "signed.xml");
      setResult(
        await readUploadResponse(await fetch("/api/v1/entries", { method: "POST", body: upload, headers: { accept: "application/json" } })),
      );
    } catch (error) {
      setErrors({
        form: error instanceof TypeError ? "The Marketplace could not be reached. Check your connection and try again." : String(error),
      });
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Card as="section" aria-labelledby="browser-sign-heading" className="min-w-0 space-y-3 p-5 text-sm text-slate-700 dark:text-slate-300">
      <h2 id="browser-sign-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
        Or sign it here, in your browser
      </h2>
      <p>
        Your certificate is opened in this page. Only its public part is sent; the private key and the password never leave your computer.
        The signature is the one <code className="font-mono">marketplace sign-metadata</code> would make.
      </p>
      <form aria-label="Sign in the browser" onSubmit={sign} className="space-y-3">
        <Field
          id="signing-files"
          label="Your certificate"
          help="A PKCS#12 file (.p12, .pfx, such as ~/.globus/usercert.p12), or your PEM key and certificate (choose both)."
          error={errors.files}
        >
          {(props) => (
            <input
              {...props}
              type="file"
              multiple
              accept=".p12,.pfx,.pem,.crt,.key,application/x-pkcs12"
              onChange={(event) => setFiles(Array.from(event.target.files ?? []))}
            />
          )}
        </Field>
        <Field
          id="signing-password"
          label="Password"
          help="The PKCS#12 or key password; empty for an unencrypted PEM key."
          error={errors.password}
        >
          {(props) => (
            <input {...props} type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} />
          )}
        </Field>
        <div className="flex min-h-10 flex-wrap items-center gap-3">
          <Button type="submit" disabled={busy !== undefined || files.length === 0}>
            {busy ?? "Sign and publish"}
          </Button>
          <p role={errors.form ? "alert" : undefined} className="text-xs font-medium text-red-700 dark:text-red-300">
            {errors.form ?? ""}
          </p>
        </div>
      </form>
      {result ? <UploadResultPanel result={result} headingRef={resultRef} /> : null}
    </Card>
  );
}
