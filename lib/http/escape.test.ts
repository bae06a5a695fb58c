import { describe, expect, it } from "vitest";
import { escapeXml } from "./escape";

describe("escapeXml", () => {
  it.each([
    ["plain text", "plain text"],
    ["a < b > c", "a &lt; b &gt; c"],
    ["Tom & Jerry", "Tom &amp; Jerry"],
    ["&amp;", "&amp;amp;"],
    [`"double" 'single'`, "&quot;double&quot; &apos;single&apos;"],
    ["<script>alert('x')</script>", "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"],
    ["", ""],
  ])("escapes %j", (text, expected) => {
    expect(escapeXml(text)).toBe(expected);
  });
});
