/**
 * The second half of a signature made in the browser: the server prepared the document and its
 * canonical SignedInfo from the public certificate (POST /api/v1/drafts/{id}/signature, see
 * prepareMetadataSignature); here Web Crypto signs those bytes with the key opened in this tab and
 * the base64 value takes the placeholder's place. RSASSA-PKCS1-v1_5 is deterministic, so the file is
 * the one `marketplace sign-metadata` writes with the same key at the same time.
 */
export interface SignatureRequest {
  xml: string;
  signedInfo: string;
  placeholder: string;
  hash: "SHA-1" | "SHA-256" | "SHA-512";
}

export async function completeSignature(request: SignatureRequest, pkcs8: Uint8Array): Promise<string> {
  const parts = request.xml.split(request.placeholder);
  if (parts.length !== 2) throw new Error("the prepared document has no single place for the signature value");
  const key = await crypto.subtle.importKey("pkcs8", new Uint8Array(pkcs8), { name: "RSASSA-PKCS1-v1_5", hash: request.hash }, false, [
    "sign",
  ]);
  const signature = new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(request.signedInfo)));
  let text = "";
  for (const byte of signature) text += String.fromCharCode(byte);
  return parts.join(btoa(text));
}
