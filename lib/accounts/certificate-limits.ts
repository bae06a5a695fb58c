/** The largest certificate PEM an account links, pasted or as a file (a certificate chain is a few KiB). */
export const MAX_CERTIFICATE_PEM_BYTES = 64 * 1024;
