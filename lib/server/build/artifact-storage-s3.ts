import "server-only";
/**
 * Built images in an S3-compatible bucket (S3_URL): the key `<prefix>images/<build id>/<name>`. The
 * pipeline writes into the build's work directory; `keep` uploads from there (multipart, so images of
 * any size) and the work directory goes as usual. Served through our own artifact URL, which asks the
 * bucket for the same byte range, so the URL, the ETag and the ranges are the same as with files.
 */
import { createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NotFound,
  NoSuchKey,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { S3Location } from "@/lib/build/s3-url";
import type { ByteSource } from "@/lib/http/file-response";
import type { ArtifactStorage } from "./artifact-storage";
import { BUILD_ID, isArtifactName } from "./artifact-store";

/** 64 MiB parts: S3 allows 10,000, so up to 640 GiB, far past any image. */
const PART_SIZE = 64 * 1024 * 1024;

export function s3Storage(location: S3Location): ArtifactStorage {
  // The pinned SDK works on the Node 20 this project runs on; its notice that later ones will not is noise in every log.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const client = new S3Client({
    ...(location.endpoint ? { endpoint: location.endpoint, forcePathStyle: true } : {}),
    region: process.env.AWS_REGION ?? "us-east-1",
    // Checksums only where S3 requires them: S3-compatible stores do not all accept the newer trailers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const { bucket } = location;
  const keyOf = (buildId: string, name = "") => {
    if (!BUILD_ID.test(buildId) || (name && !isArtifactName(name))) throw new Error("not an artifact of a build");
    return `${location.prefix}images/${buildId}/${name}`;
  };

  return {
    description: `s3://${bucket}/${location.prefix}`,
    outputDir: (_buildId, workParent) => path.join(workParent, "images"),

    async keep(buildId, dir, names, signal) {
      for (const name of names) {
        const upload = new Upload({
          client,
          params: { Bucket: bucket, Key: keyOf(buildId, name), Body: createReadStream(path.join(dir, name)) },
          partSize: PART_SIZE,
          queueSize: 2,
        });
        const abort = () => void upload.abort();
        signal?.addEventListener("abort", abort, { once: true });
        try {
          await upload.done();
        } catch (error) {
          throw new Error(`could not store ${name} in s3://${bucket}/${location.prefix}: ${describe(error)}`);
        } finally {
          signal?.removeEventListener("abort", abort);
        }
      }
    },

    async remove(buildId) {
      const prefix = keyOf(buildId);
      for (;;) {
        const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
        const keys = (listed.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
        if (keys.length === 0) return;
        await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
        if (!listed.IsTruncated) return;
      }
    },

    async source(buildId, name): Promise<ByteSource | undefined> {
      if (!BUILD_ID.test(buildId) || !isArtifactName(name)) return undefined;
      const key = keyOf(buildId, name);
      let size: number;
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        size = Number(head.ContentLength ?? 0);
      } catch (error) {
        if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
        throw error;
      }
      return {
        size,
        async open(start, end) {
          const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end}` }));
          if (!(object.Body instanceof Readable)) throw new Error(`s3://${bucket}/${key} sent no body`);
          return object.Body;
        },
      };
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
