"use client";

import { useState } from "react";
import { locationProblem } from "@/lib/wizard/draft-metadata";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "./fields";
import type { StepProps } from "./draft-wizard";

/** Step 2: where clouds download the image from (the format requires a location; http or https). */
export function LocationStep({ data, next }: StepProps) {
  const [location, setLocation] = useState(data.image?.location ?? "");
  const [touched, setTouched] = useState(false);
  const [refused, setRefused] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [check, setCheck] = useState<{ ok: boolean; message: string }>();
  const problem = refused ?? (touched ? locationProblem(location) : undefined);

  /** A HEAD of the URL by the server (under its SSRF rules), comparing the size when the file is the image itself. */
  async function checkLocation() {
    setTouched(true);
    if (locationProblem(location)) return;
    setCheck({ ok: true, message: "Checking…" });
    const hashes = data.image?.hashes;
    const query = new URLSearchParams({ url: location.trim() });
    if (hashes && hashes.compression === null) query.set("bytes", String(hashes.bytes));
    try {
      const response = await fetch(`/api/v1/location-check?${query}`, { headers: { Accept: "application/json" } });
      const body = (await response.json()) as {
        reachable?: boolean;
        sizeMatches?: boolean | null;
        message?: string;
        error?: { message?: string };
      };
      if (!response.ok) return setCheck({ ok: false, message: body.error?.message ?? `the check failed (${response.status})` });
      setCheck({ ok: Boolean(body.reachable) && body.sizeMatches !== false, message: body.message ?? "" });
    } catch {
      setCheck({ ok: false, message: "The Marketplace could not be reached: try again." });
    }
  }

  async function go() {
    setTouched(true);
    if (locationProblem(location)) return;
    setBusy(true);
    const fields = await next({ ...data, image: { ...data.image, location: location.trim() } });
    setBusy(false);
    if (fields) setRefused(fields.location ?? Object.values(fields)[0]);
  }

  return (
    <Card as="section" aria-labelledby="location-heading" className="max-w-2xl space-y-3 p-5">
      <h2 id="location-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
        Where is the image downloaded from?
      </h2>
      <Field
        id="location"
        label="Location URL"
        help={
          <>
            The address of the file you hashed, as clouds will fetch it, e.g.{" "}
            <code className="font-mono">https://images.example.org/debian-12.img.gz</code>
          </>
        }
        error={problem}
      >
        {(props) => (
          <input
            {...props}
            type="url"
            inputMode="url"
            spellCheck={false}
            value={location}
            onBlur={() => setTouched(true)}
            onChange={(event) => {
              setRefused(undefined);
              setCheck(undefined);
              setLocation(event.target.value);
            }}
          />
        )}
      </Field>
      <p
        data-testid="location-check"
        aria-live="polite"
        className={`min-h-5 text-sm ${check?.ok === false ? "text-red-700 dark:text-red-300" : "text-slate-700 dark:text-slate-300"}`}
      >
        {check ? `Check: ${check.message}` : ""}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => void checkLocation()}>
          Check that it is reachable
        </Button>
        <Button onClick={() => void go()} disabled={busy}>
          Save and continue
        </Button>
      </div>
    </Card>
  );
}
