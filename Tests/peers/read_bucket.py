"""Lists a Cloud Storage prefix with Google's own client (google-cloud-storage) against an emulator.

Prints one JSON object: object name -> {content_type, cache_control, md5, generation, size, sha256 of the bytes}.
usage: read_bucket.py EMULATOR_URL BUCKET PREFIX
"""
import hashlib
import json
import os
import sys

from google.auth.credentials import AnonymousCredentials
from google.cloud import storage


def main():
    url, bucket, prefix = sys.argv[1:4]
    os.environ["STORAGE_EMULATOR_HOST"] = url
    client = storage.Client(project="test-project", credentials=AnonymousCredentials())
    out = {}
    for listed in client.list_blobs(bucket, prefix=prefix):
        blob = client.bucket(bucket).get_blob(listed.name)  # the object's own resource: every metadata field
        # Read before downloading: a download replaces the blob's properties with the response's.
        out[blob.name] = {"content_type": blob.content_type, "cache_control": blob.cache_control, "md5": blob.md5_hash,
                          "generation": blob.generation, "size": blob.size}
        out[blob.name]["sha256"] = hashlib.sha256(blob.download_as_bytes()).hexdigest()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
