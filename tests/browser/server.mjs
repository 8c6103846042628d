// Test server: serves the release build (dist/) and test routes on three
// ports, so tests have three origins (widget CDN, article API, partner page).
//   node tests/browser/server.mjs            (ports 4601, 4602, 4603)
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { FEEDS, transcode } from "./transcode.mjs";
import { extname, join, normalize } from "node:path";

const DIST = new URL("../../dist/", import.meta.url).pathname;
const PAGES = new URL("./pages/", import.meta.url).pathname;
const SEED = new URL("../../fixtures/api/articles/opening-asia-for-russia.json", import.meta.url).pathname;
const CORPUS = new URL("../../fixtures/corpus/", import.meta.url).pathname;
const CORPORA = new URL("../../../shared/corpora/", import.meta.url).pathname;

export const PORTS = { cdn: 4601, api: 4602, partner: 4603 };

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".rss": "application/rss+xml; charset=utf-8",
  ".atom": "application/atom+xml; charset=utf-8",
  ".jpg": "image/jpeg",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

const viewCounts = new Map();
const viewLog = new Map();
const stash = new Map();
const readBody = (req) =>
  new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
const hits = new Map();

async function seedVariant(params) {
  const article = JSON.parse(await readFile(SEED, "utf8"));
  if (params.has("views")) article.views = Number(params.get("views"));
  if (params.has("lang")) article.lang = params.get("lang");
  if (params.has("views_url")) article.views_url = params.get("views_url");
  if (params.has("title")) article.title = params.get("title");
  if (params.has("updated_at")) article.updated_at = params.get("updated_at");
  // A body opening with inline styles, as CMSs write them.
  if (params.has("styled")) {
    article.body_html = `<p style="text-align: center" class="styled">Centred by an inline style.</p><div style="color: red; width: 300px"><p>Styled wrapper.</p></div>` + article.body_html;
  }
  return article;
}

async function handle(req, res, role) {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const headers = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "Retry-After",
    "Cache-Control": "no-store",
  };
  const send = (status, body, type = "application/json; charset=utf-8", extra = {}) => {
    res.writeHead(status, { ...headers, "Content-Type": type, ...extra });
    res.end(body);
  };
  if (req.method === "OPTIONS") {
    res.writeHead(204, { ...headers, "Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": "Accept" });
    return res.end();
  }
  const path = url.pathname;
  const key = path + url.search;
  hits.set(key, (hits.get(key) ?? 0) + 1);

  // --- the publisher's server (4604) under /publisher/, as in the demo ----
  if (path.startsWith("/publisher/")) {
    const target = `http://127.0.0.1:4604/${path.slice("/publisher/".length)}${url.search}`;
    try {
      // A proxy as a CDN is one: the request's headers and body go through
      // (the widget's partner origin, the dashboard's cookie and token), the
      // client's address in X-Forwarded-For; redirects and cookies come back.
      const forwarded = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (!["host", "connection", "content-length", "x-forwarded-for"].includes(name)) forwarded[name] = value;
      }
      forwarded["x-forwarded-for"] = req.socket.remoteAddress ?? "";
      const body = ["GET", "HEAD"].includes(req.method) ? undefined : await readBody(req);
      const answer = await fetch(target, { method: req.method, headers: forwarded, body, redirect: "manual" });
      const pass = {};
      for (const [name, value] of answer.headers) {
        if (!["content-encoding", "content-length", "transfer-encoding", "connection", "set-cookie"].includes(name)) pass[name] = value;
      }
      const cookies = answer.headers.getSetCookie();
      if (cookies.length) pass["set-cookie"] = cookies;
      res.writeHead(answer.status, pass);
      return res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      return send(502, JSON.stringify({ error: String(error) }));
    }
  }
  // --- test routes -------------------------------------------------------
  if (path === "/hits") return send(200, JSON.stringify(hits.get(url.searchParams.get("key")) ?? 0));
  if (path === "/times") return send(200, JSON.stringify(hits.get("times:" + url.searchParams.get("id")) ?? []));
  if (path === "/recorded.json") {
    // Records the request line's target exactly as the browser sent it.
    const id = url.searchParams.get("id");
    hits.set("raw:" + id, [...(hits.get("raw:" + id) ?? []), req.url]);
    return send(200, JSON.stringify(await seedVariant(url.searchParams)));
  }
  if (path === "/csp-report" && req.method === "POST") {
    // report-uri target: engines without init scripts (WebDriver) still tell us.
    const id = url.searchParams.get("id");
    hits.set("csp:" + id, [...(hits.get("csp:" + id) ?? []), (await readBody(req)).toString()]);
    return send(204, "");
  }
  if (path === "/csp-reports") return send(200, JSON.stringify(hits.get("csp:" + url.searchParams.get("id")) ?? []));
  if (path === "/recorded") {
    const id = url.searchParams.get("id");
    const seen = hits.get("raw:" + id) ?? [];
    if (url.searchParams.has("clear")) hits.delete("raw:" + id);
    return send(200, JSON.stringify(seen));
  }
  if (path === "/variant/seed.json") return send(200, JSON.stringify(await seedVariant(url.searchParams)));
  if (path === "/status") {
    const code = Number(url.searchParams.get("code") ?? 500);
    const extra = url.searchParams.has("retry_after") ? { "Retry-After": url.searchParams.get("retry_after") } : {};
    return send(code, "<!doctype html><h1>Error</h1>", "text/html", extra);
  }
  if (path === "/flaky.json") {
    // Fails `fail` times with 503 for a given id, then answers the seed.
    const id = url.searchParams.get("id");
    const fail = Number(url.searchParams.get("fail") ?? 1);
    const seen = (hits.get("flaky:" + id) ?? 0) + 1;
    hits.set("flaky:" + id, seen);
    const code = Number(url.searchParams.get("code") ?? 503);
    const extra = url.searchParams.has("retry_after") ? { "Retry-After": url.searchParams.get("retry_after") } : {};
    hits.set("times:" + id, [...(hits.get("times:" + id) ?? []), Date.now()]);
    if (seen <= fail) return send(code, "busy", "text/plain", extra);
    return send(200, JSON.stringify(await seedVariant(new URLSearchParams())));
  }
  if (path === "/slow.json") {
    const ms = Number(url.searchParams.get("ms") ?? 3000);
    // Record a client that gave up (aborted) before the answer.
    res.on("close", () => {
      if (!res.writableEnded) hits.set("aborted:" + key, (hits.get("aborted:" + key) ?? 0) + 1);
    });
    await new Promise((r) => setTimeout(r, ms));
    if (res.destroyed) return;
    return send(200, JSON.stringify(await seedVariant(new URLSearchParams())));
  }
  // A file under `root` (no `..` out of it), `rel` as the request named it.
  const fileUnder = async (root, rel, type) => {
    const file = normalize(join(root, decodeURIComponent(rel)));
    if (!file.startsWith(root)) return send(403, "{}");
    const bytes = await readFile(file).catch(() => null);
    return bytes ? send(200, bytes, type ?? TYPES[extname(file)] ?? "application/octet-stream") : send(404, "{}");
  };
  if (path.startsWith("/corpora/upload/")) {
    // The format fixtures point at the demo's stand-in photos, two folders up.
    return fileUnder(DIST + "upload/", path.slice("/corpora/upload/".length), "image/jpeg");
  }
  if (path.startsWith("/corpora/")) {
    // Real third-party content beside the project (../shared/corpora/README.md).
    return fileUnder(CORPORA, path.slice("/corpora/".length));
  }
  if (path.startsWith("/corpus/")) {
    // Real CMS bodies in our contract (fixtures/corpus/README.md).
    return fileUnder(CORPUS, path.slice("/corpus/".length), "application/json; charset=utf-8");
  }
  if (path.startsWith("/stash/")) {
    // Tests PUT exact bytes (broken JSON, hostile articles) and embeds GET them.
    if (req.method === "PUT") {
      stash.set(path, await readBody(req));
      return send(204, "");
    }
    if (!stash.has(path)) return send(404, "{}");
    // A stashed page can carry its own policy (a partner page in a test).
    const policy = url.searchParams.get("csp");
    const extra = policy ? { "Content-Security-Policy": policy } : {};
    return send(200, stash.get(path), url.searchParams.get("type") ?? "application/json", extra);
  }
  if (path === "/raw") {
    // Answers exactly the given body (base64) with the given content type.
    const body = Buffer.from(url.searchParams.get("b64") ?? "", "base64");
    return send(200, body, url.searchParams.get("type") ?? "application/json");
  }
  if (path === "/huge") {
    // `mb` megabytes of a JSON string, streamed. With `length`, announced in
    // Content-Length, and only the first chunk is sent: a widget that waited
    // for the body would wait forever, so an error naming the cap proves it
    // refused on the header alone. Records how much was sent once the client
    // let go (the kernel's and the browser's buffers take several MB before
    // an abort can land, so "sent" alone cannot tell the two apart).
    const id = url.searchParams.get("id");
    const total = Number(url.searchParams.get("mb") ?? 100) * 1024 * 1024;
    const announced = url.searchParams.has("length");
    const extra = announced ? { "Content-Length": String(total) } : {};
    res.writeHead(200, { ...headers, "Content-Type": "application/json", ...extra });
    const chunk = Buffer.alloc(64 * 1024, "x");
    chunk.write('{"id":"1","body_html":"');
    let sent = 0;
    hits.set("huge:" + id, { closed: false, sent });
    res.on("close", () => hits.set("huge:" + id, { closed: true, sent }));
    const limit = announced ? chunk.length : total;
    const pump = () => {
      while (sent < limit && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return res.once("drain", pump);
      }
      if (!res.destroyed && !announced) res.end();
    };
    return pump();
  }
  if (path === "/huge-sent") return send(200, JSON.stringify(hits.get("huge:" + url.searchParams.get("id")) ?? null));
  if (path.startsWith("/feeds/")) {
    // A real feed, re-encoded: ?as=koi8-r|utf-16le|utf-16be (declaration
    // rewritten), ?charset=header (the declaration's encoding moved to the
    // Content-Type header alone).
    const name = decodeURIComponent(path.slice("/feeds/".length));
    if (name.includes("/") || name.includes("..")) return send(403, "{}");
    try {
      const { body, type } = transcode(await readFile(FEEDS + name), url.searchParams);
      return send(200, body, type);
    } catch (error) {
      return send(404, JSON.stringify({ error: String(error) }));
    }
  }
  if (path === "/view-log") return send(200, JSON.stringify(viewLog.get(url.searchParams.get("path")) ?? []));
  if (path.startsWith("/views/") && req.method === "POST") {
    const n = (viewCounts.get(path) ?? 47) + 1;
    viewCounts.set(path, n);
    // What a view request carries, for the privacy checks.
    const body = (await readBody(req)).toString("utf8").slice(0, 1000);
    viewLog.set(path, [...(viewLog.get(path) ?? []), {
      query: url.search, cookie: req.headers.cookie ?? null, body, type: req.headers["content-type"] ?? null,
    }]);
    return send(200, JSON.stringify({ views: n }));
  }
  // --- static files ------------------------------------------------------
  const root = role === "partner" && path.startsWith("/pages/") ? PAGES : DIST;
  const rel = role === "partner" && path.startsWith("/pages/") ? path.slice("/pages/".length) : path.slice(1);
  const file = normalize(join(root, decodeURIComponent(rel) || "index.html"));
  if (!file.startsWith(root)) return send(403, "forbidden", "text/plain");
  try {
    const body = await readFile(file);
    const extra = {};
    if (role === "partner" && url.searchParams.has("csp")) extra["Content-Security-Policy"] = url.searchParams.get("csp");
    return send(200, body, TYPES[extname(file)] ?? "application/octet-stream", extra);
  } catch {
    return send(404, JSON.stringify({ error: "not found" }));
  }
}

for (const [role, port] of Object.entries(PORTS)) {
  createServer((req, res) => {
    handle(req, res, role).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  }).listen(port, "127.0.0.1");
}
console.log(`test server: ${Object.entries(PORTS).map(([r, p]) => `${r} http://127.0.0.1:${p}`).join(", ")}`);
