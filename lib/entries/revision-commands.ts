/**
 * The commands the entry page shows under its deprecation and validity forms: sign the downloaded
 * file, upload the signed one. One function so the page and its tests agree on them.
 */
export function revisionCommands(unsignedFile: string, endpoint: string): { sign: string; upload: string; signedFile: string } {
  const signedFile = unsignedFile.replace(/-unsigned\.xml$/, "-signed.xml");
  return {
    signedFile,
    sign: `marketplace sign-metadata -o ${signedFile} ${unsignedFile}`,
    upload: `marketplace upload-metadata --marketplace-endpoint ${endpoint} ${signedFile}`,
  };
}
