import { Fragment } from "react";

/**
 * An email address that wraps after the `@` and before dots, never mid-name, so a narrow column
 * breaks it where a reader expects (and a closing parenthesis after it never wraps alone).
 */
export function EmailAddress({ email }: { email: string }) {
  const parts = email.split(/(?<=@)|(?=\.)/);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}
