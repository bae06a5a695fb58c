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
  const problem = refused ?? (touched ? locationProblem(location) : undefined);

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
              setLocation(event.target.value);
            }}
          />
        )}
      </Field>
      <Button onClick={() => void go()} disabled={busy}>
        Save and continue
      </Button>
    </Card>
  );
}
