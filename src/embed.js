// article-embed loader: the fixed-name file partners load with
// <script type="module" src=".../embed.js">. scripts/write-embed-js.sh copies
// it into dist/ at build time, filling in this build's hashed file names.
//
// The critical path, cut to one round trip after this file:
// - every <article-embed> already in the page asks for its article now, in
//   parallel with the widget's own files, and the wasm takes the response
//   (src/loading/api.rs, Prefetched) instead of asking again;
// - the glue and the wasm download in parallel, and the wasm compiles while
//   it streams (instantiateStreaming, through the glue's init).
// - the glue's own imports (wasm-bindgen snippets) are asked for alongside it,
//   not after it arrives.
// It runs once however often the script is included.
const key = Symbol.for("article-embed.loader");
// Requests started here, by element; the widget takes them (src/loading/api.rs).
const requests = (globalThis[Symbol.for("article-embed.prefetched")] ??= new WeakMap());
if (!globalThis[key] && !customElements.get("article-embed")) {
  const here = (file) => new URL(file, import.meta.url).href;
  // The widget's own files first: they are the critical path (no embed
  // renders before the wasm runs), and fifty article requests asked for
  // before them delay them (the calls themselves and the network queue).
  const wasm = fetch(here("./__WASM__"));
  for (const snippet of __SNIPPETS__) import(here(snippet)).catch(() => {});
  globalThis[key] = import(here("./__GLUE__"))
    .then((glue) => glue.default({ module_or_path: wasm }))
    .catch((error) => console.error("article-embed: could not start", error));
  for (const element of document.querySelectorAll("article-embed[src]")) prefetch(element);
}

// Starts the article request of an embed, exactly as the widget would
// (CORS, no cookies), and leaves it for the widget. Lazy
// embeds wait for the viewport instead, and embeds with a consent mode for
// the reader; anything odd is left to the widget, which reports it.
function prefetch(element) {
  if (element.getAttribute("loading")?.trim().toLowerCase() === "lazy") return;
  // An embed that waits for the reader's consent asks for nothing before it.
  if (element.hasAttribute("consent") && element.getAttribute("consent").trim()) return;
  let url;
  try {
    url = new URL(element.getAttribute("src").trim(), document.baseURI);
  } catch {
    return;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return;
  const controller = new AbortController();
  const response = fetch(url.href, { mode: "cors", credentials: "omit", signal: controller.signal });
  response.catch(() => {}); // the widget handles failures; no unhandled rejection
  requests.set(element, { url: url.href, response, controller });
}
