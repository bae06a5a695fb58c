import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";

/** The 403 page of a signed-in account without the role a page needs. */
export function ForbiddenNotice({ role, yours }: { role: string; yours: string }) {
  return (
    <>
      <PageHeader title="Not allowed">This page is for accounts with the {role} role.</PageHeader>
      <Card className="space-y-2 p-5 text-sm text-slate-700 dark:text-slate-300" data-testid="forbidden">
        <p>
          Your account is a <strong className="font-semibold">{yours}</strong>. An admin can change your role if you need this page.
        </p>
        <p>
          <TextLink href="/metadata">Back to the appliances</TextLink>
        </p>
      </Card>
    </>
  );
}
