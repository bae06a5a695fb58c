/**
 * What the create wizard's Playwright specs share: photographs of a step at desktop and phone width,
 * light and dark (failing when a phone would scroll sideways), signing in, a PKCS#12 as openssl
 * makes it, and the pieces of a secret that no request may carry.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

/** A photograph function writing `<dir>/<name>-<desktop|phone>-<light|dark>.png`. */
export function photographer(dir: string) {
  return async function photograph(page: Page, name: string) {
    fs.mkdirSync(dir, { recursive: true });
    const viewport = page.viewportSize();
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${dir}/${name}-desktop-${scheme}.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${dir}/${name}-phone-${scheme}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
      if (viewport) await page.setViewportSize(viewport);
    }
    await page.emulateMedia({ colorScheme: "light" });
  };
}

/** Signs in with email and password and lands on /create. */
export async function signIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/sign-in?next=/create`);
  const form = page.getByRole("form", { name: "Sign in with email and password" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${base}/create`);
}

/** A PKCS#12 of the key and certificate, protected by the password, as `openssl pkcs12 -export` writes it. */
export function makePkcs12(dir: string, keyPem: string, certPem: string, password: string): string {
  fs.writeFileSync(path.join(dir, "p12-key.pem"), keyPem);
  fs.writeFileSync(path.join(dir, "p12-cert.pem"), certPem);
  const p12 = path.join(dir, "usercert.p12");
  execFileSync(
    "openssl",
    ["pkcs12", "-export", "-inkey", "p12-key.pem", "-in", "p12-cert.pem", "-out", p12, "-passout", `pass:${password}`],
    {
      cwd: dir,
    },
  );
  return p12;
}

/**
 * What would show a leak: the passwords raw and URL-encoded, and 48-byte stretches of each secret file,
 * raw and base64 (three offsets), so a request carrying any part of it in any usual encoding is caught.
 */
export function secretPieces(passwords: string[], files: [string, Buffer][]): [string, Buffer][] {
  const pieces: [string, Buffer][] = passwords.flatMap((password, at): [string, Buffer][] => [
    [`password ${at + 1}`, Buffer.from(password)],
    [`password ${at + 1}, URL-encoded`, Buffer.from(encodeURIComponent(password))],
  ]);
  for (const [name, bytes] of files) {
    for (const offset of [100, 200, 300]) {
      const piece = bytes.subarray(offset, offset + 48);
      pieces.push([`${name} bytes`, piece], [`${name} base64`, Buffer.from(piece.toString("base64").slice(4, 48))]);
    }
  }
  return pieces;
}

/** Records every request's URL and body, to look for secrets afterwards. */
export function recordRequests(page: Page): Buffer[] {
  const sent: Buffer[] = [];
  page.on("request", (request) => sent.push(Buffer.concat([Buffer.from(request.url()), request.postDataBuffer() ?? Buffer.alloc(0)])));
  return sent;
}
