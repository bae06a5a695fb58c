/**
 * Sign-in with OpenID Connect (issue 9, item 1) in Chromium against a production server of its own and
 * a real provider on 127.0.0.1 (oidc-provider, e2e/support/oidc-provider.ts): the Marketplace is
 * configured only by AUTH_OIDC_ISSUER / AUTH_OIDC_ID / AUTH_OIDC_SECRET. A new person gets an account
 * on the first sign-in and the same one on the next; the provider's sign-in never takes over an account
 * made with a password (same email), and a disabled account stays out.
 */
import { expect, test, type Page } from "@playwright/test";
import { startMarketplace, type MarketplaceServer } from "./http/marketplace-server";
import { keepServerOutputOnFailure } from "./support/server-output";
import { createOidcProvider, type OidcProvider } from "./support/oidc-provider";

test.describe.configure({ mode: "serial" });

const ADMIN = "taken.admin@example.test";
const PERSON = "ida.oidc@example.test";

let provider: OidcProvider;
let server: MarketplaceServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  provider = await createOidcProvider();
  server = await startMarketplace({
    AUTH_OIDC_ISSUER: provider.issuer,
    AUTH_OIDC_ID: provider.clientId,
    AUTH_OIDC_SECRET: provider.clientSecret,
    AUTH_OIDC_NAME: "E2E Identity",
    ADMIN_EMAIL: ADMIN,
    ADMIN_PASSWORD: "admin passphrase for the oidc e2e",
    REMINDERS: "off",
  });
  await provider.start(`${server.url}/api/auth/callback/oidc`);
});

keepServerOutputOnFailure(() => server);

test.afterAll(async () => {
  await server?.stop();
  await provider?.stop();
});

/** From the Marketplace's sign-in page through the provider's own pages (any password), back to the Marketplace. */
async function signInWithProvider(page: Page, login: string) {
  // The provider's development pages load a web font; this machine has no internet.
  await page.route(/fonts\.googleapis\.com/, (route) => route.abort());
  await page.goto(`${server.url}/sign-in`);
  await page.getByRole("button", { name: "Sign in with E2E Identity" }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password at the provider");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  // The provider asks for consent on the first sign-in only.
  await page.waitForURL((url) => url.origin === server.url || url.pathname.includes("/interaction/"));
  if (new URL(page.url()).origin !== server.url) await consent.click();
  await page.waitForURL((url) => url.origin === server.url);
}

test("a new person signs in with the provider and gets an account, the same one the next time", async ({ page }) => {
  await signInWithProvider(page, PERSON);
  await page.goto(`${server.url}/account`);
  await expect(page).toHaveURL(`${server.url}/account`);
  await expect(page.getByText(PERSON).first()).toBeVisible();
  // The provider said email_verified: the sign-in email counts as proven.
  await expect(page.getByText("verified", { exact: true })).toBeVisible();
  await photograph(page, "account-oidc");

  // Signed out, then in again: the same account (its API tokens are there).
  const token = await page.request.post(`${server.url}/api/v1/tokens`, {
    data: { name: "made in the oidc session" },
    headers: { Origin: server.url },
  });
  expect(token.status()).toBe(201);
  await page.context().clearCookies();
  await page.goto(`${server.url}/account`);
  await expect(page).toHaveURL(/\/sign-in/);
  await signInWithProvider(page, PERSON);
  const tokens = await page.request.get(`${server.url}/api/v1/tokens`);
  expect(tokens.status()).toBe(200);
  expect(((await tokens.json()) as { tokens: { name: string }[] }).tokens.map((t) => t.name)).toEqual(["made in the oidc session"]);
});

test("the provider's sign-in never takes over an account made with a password for the same email", async ({ page }) => {
  await signInWithProvider(page, ADMIN);
  await expect(page).toHaveURL(/\/sign-in\?error=OAuthAccountNotLinked/);
  await expect(page.getByText(/An account with this email exists already/)).toBeVisible();
  expect((await page.request.get(`${server.url}/api/v1/tokens`)).status()).toBe(401);
});

test("a provider that shares no email address gets a clear refusal, and no account is made", async ({ page }) => {
  // A login name without "@": the provider knows no email for it.
  await signInWithProvider(page, "no-email-person");
  await expect(page).toHaveURL(/\/sign-in\?error=OidcNoEmail/);
  await expect(page.getByText(/did not share an email address/)).toBeVisible();
  expect((await page.request.get(`${server.url}/api/v1/tokens`)).status()).toBe(401);
});

/** The page at desktop and phone width, light and dark, for the screenshot review. */
async function photograph(page: Page, name: string) {
  const viewport = page.viewportSize();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `test-results/screens/oidc/${name}-desktop-${scheme}.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `test-results/screens/oidc/${name}-phone-${scheme}.png`, fullPage: true });
  }
  if (viewport) await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme: null });
}
