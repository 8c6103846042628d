// Re-encodes a real feed for the encoding tests: the bytes a publisher in
// KOI8-R or UTF-16 would send. Node's TextDecoder knows every WHATWG
// encoding; a single-byte encoding's encoder is its decoder's table turned
// around, UTF-16 is Buffer's.
/** Real feeds, byte-exact in their own encodings (`../shared/corpora/feeds/PROVENANCE.md`). */
export const FEEDS = new URL("../../../shared/corpora/feeds/", import.meta.url).pathname;

const declared = (bytes) => /^<\?xml[^>]*encoding=["']([^"']+)["']/.exec(bytes.subarray(0, 200).toString("latin1"))?.[1] ?? "utf-8";

function singleByteEncoder(label) {
  const decoder = new TextDecoder(label);
  const table = new Map();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  return (text) => Buffer.from([...text].map((c) => table.get(c) ?? 0x3f));
}

/** `{body, type}`: the feed in the encoding `params` asks for. */
export function transcode(bytes, params) {
  const from = declared(bytes);
  const text = new TextDecoder(from).decode(bytes);
  const as = params.get("as");
  if (params.get("charset") === "header") {
    // No declaration: only the header says what it is.
    return {
      body: bytes.subarray(bytes.indexOf("?>") + 2),
      type: `application/rss+xml; charset=${from}`,
    };
  }
  if (!as) return { body: bytes, type: "application/rss+xml" };
  // UTF-16 documents declare "UTF-16" and mark their byte order.
  const label = as.startsWith("utf-16") ? "UTF-16" : as;
  const redeclared = text.replace(/^(<\?xml[^>]*encoding=["'])[^"']+/, `$1${label}`);
  if (as === "utf-16le" || as === "utf-16be") {
    const le = Buffer.from("\ufeff" + redeclared, "utf16le");
    return { body: as === "utf-16le" ? le : le.swap16(), type: "application/rss+xml" };
  }
  return { body: singleByteEncoder(as)(redeclared), type: "application/rss+xml" };
}
