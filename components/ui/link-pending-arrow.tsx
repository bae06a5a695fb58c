"use client";

import { useLinkStatus } from "next/link";
import { ArrowRightIcon } from "./icons";

/** The arrow of a "More..." link; it pulses while the page it opens is on its way. */
export function LinkPendingArrow() {
  const { pending } = useLinkStatus();
  return <ArrowRightIcon className={`size-4 ${pending ? "animate-pulse motion-reduce:animate-none" : ""}`} />;
}
