import { redirect } from "next/navigation";

/** The original's home page only forwarded to the listing. */
export default function HomePage() {
  redirect("/metadata");
}
