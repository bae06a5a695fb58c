/**
 * S3_URL, where built images are kept instead of <DATA_DIR>/images (issue 10): `s3://bucket/prefix`
 * for AWS itself, or `https://host[:port]/bucket/prefix` (http for a local test server) for any
 * S3-compatible store, addressed path-style as they all accept. Credentials are not part of the URL
 * (it is logged and shown in errors): they come from the SDK's usual sources, AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY first; the region from AWS_REGION (default us-east-1).
 */
export interface S3Location {
  /** Undefined for AWS's own endpoint. */
  endpoint?: string;
  bucket: string;
  /** "" or a key prefix ending in "/". */
  prefix: string;
}

/** S3 bucket names (AWS's rules; every compatible store accepts at least these). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseS3Url(value: string): S3Location | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "not a URL: use s3://bucket/prefix or https://host/bucket/prefix";
  }
  if (url.username || url.password) return "credentials do not belong in the URL: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
  if (url.search || url.hash) return "a query or fragment means nothing here: use s3://bucket/prefix or https://host/bucket/prefix";
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  let bucket: string | undefined;
  let endpoint: string | undefined;
  if (url.protocol === "s3:") {
    bucket = url.hostname;
  } else if (url.protocol === "https:" || url.protocol === "http:") {
    if (!url.hostname) return "the endpoint has no host";
    endpoint = url.origin;
    bucket = parts.shift();
  } else {
    return "must start with s3://, https:// or http://";
  }
  if (!bucket || !BUCKET.test(bucket)) return `"${bucket ?? ""}" is not a bucket name (3-63 of a-z, 0-9, dots and dashes)`;
  if (parts.some((part) => part === "." || part === "..")) return "the prefix may not hold . or .. segments";
  return { ...(endpoint ? { endpoint } : {}), bucket, prefix: parts.length > 0 ? `${parts.join("/")}/` : "" };
}
