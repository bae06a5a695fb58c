import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import {
  acceptedOrigins,
  baseUrl,
  baseUrlFrom,
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  REQUEST_ORIGIN_HEADER,
  requestOrigin,
} from "./request-info";

const publicUrl = env.PUBLIC_URL;
afterEach(() => {
  env.PUBLIC_URL = publicUrl;
});

const plain = () => new Request("http://127.0.0.1:3000/metadata?x=1");
const proxied = () =>
  new Request("http://127.0.0.1:3000/metadata", {
    headers: { [REQUEST_ORIGIN_HEADER]: "https://marketplace.example.org", [CLIENT_ADDRESS_HEADER]: "192.0.2.7" },
  });

describe("request facts set by the server process", () => {
  it("takes the origin from the server process's header, else from the request URL", () => {
    expect(requestOrigin(plain())).toBe("http://127.0.0.1:3000");
    expect(requestOrigin(proxied())).toBe("https://marketplace.example.org");
  });

  it("takes the client address from the server process's header, else 'unknown'", () => {
    expect(clientAddress(plain())).toBe("unknown");
    expect(clientAddress(proxied())).toBe("192.0.2.7");
  });

  it("builds the base URL, always ending with /, from PUBLIC_URL when set", () => {
    expect(baseUrl(plain())).toBe("http://127.0.0.1:3000/");
    expect(baseUrl(proxied())).toBe("https://marketplace.example.org/");
    expect(baseUrlFrom(new Headers(), "http://localhost:3000")).toBe("http://localhost:3000/");
    env.PUBLIC_URL = "https://public.example.org/marketplace/";
    expect(baseUrl(plain())).toBe("https://public.example.org/marketplace/");
    expect(baseUrl(proxied())).toBe("https://public.example.org/marketplace/");
  });

  it("accepts form posts from the request's own origin and PUBLIC_URL's", () => {
    expect(acceptedOrigins(proxied())).toEqual(["https://marketplace.example.org"]);
    env.PUBLIC_URL = "https://public.example.org/marketplace/";
    expect(acceptedOrigins(plain())).toEqual(["http://127.0.0.1:3000", "https://public.example.org"]);
  });
});
