// The snippet builder: choices in a form (and in this page's address, so a
// builder link can be shared), a live preview with the real widget, and the
// snippets a partner pastes. Not loaded by partner pages.
const $ = (id) => document.getElementById(id);
const FIELDS = ["src", "item", "format", "theme", "layout", "consent", "lang", "accent", "font", "radius"];
// The widget's own accent (light theme): left alone, the widget keeps its
// light and dark accents, both with enough contrast.
const DEFAULTS = { theme: "auto", layout: "full", accent: "#0b57b8", radius: "8" };
const here = (file) => new URL(file, location.href).href;
const CDN = location.origin;

const params = new URLSearchParams(location.search);
for (const name of FIELDS) {
  if (params.has(name)) $(name).value = params.get(name);
}

const choices = () => Object.fromEntries(FIELDS.map((name) => [name, $(name).value.trim()]));
const esc = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** An absolute http(s) URL, or null: nothing else reaches a snippet (no `javascript:`, no `data:`). */
const httpUrl = (value, base = location.href) => {
  try {
    const url = new URL(value, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
};
// An origin is printed into a policy only as scheme://host[:port]: a host
// such as `a;script-src` (which some URL parsers keep) or a `,` (which starts
// a second policy) never gets there.
const ORIGIN = /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:[0-9]{1,5})?$/i;
const origin = (url, base = location.href) => {
  const href = httpUrl(url, base);
  const found = href && new URL(href).origin;
  return found && ORIGIN.test(found) ? found : null;
};
/** Every URL of a srcset, without its descriptors. */
const srcsetUrls = (srcset) => (srcset ?? "").split(/,\s+/).map((c) => c.trim().split(/\s+/)[0]).filter(Boolean);

/** The origins of every picture and player the rendered article can show. */
function shownOrigins(root) {
  const images = [];
  const media = [];
  for (const el of root.querySelectorAll("img, source, video, audio")) {
    const inPlayer = el.localName === "source" && el.parentElement?.localName !== "picture";
    const list = inPlayer || el.localName === "audio" || el.localName === "video" ? media : images;
    if (el.getAttribute("src")) list.push(el.getAttribute("src"));
    images.push(...srcsetUrls(el.getAttribute("srcset")));
    if (el.getAttribute("poster")) images.push(el.getAttribute("poster"));
  }
  const origins = (urls) => [...new Set(urls.map((u) => origin(u)).filter(Boolean))];
  return { images: origins(images), media: origins(media) };
}

/** What the loaded article says of itself: for the fallback link, the iframe's title, the CSP. */
let loaded = null;

const preview = document.createElement("article-embed");
$("preview").append(preview);
// "ready" fires as the article is rendered, in the same task: its pictures
// are read once that is done, and again as a long body's later slices (and
// the lightbox's largest picture, when opened) arrive.
let watching = null;
preview.addEventListener("article-embed:ready", (event) => {
  const read = () => {
    const { images, media } = shownOrigins(preview.shadowRoot);
    loaded = { title: event.detail.title, url: httpUrl(event.detail.url), images, media };
    snippets(choices());
  };
  read();
  $("status").textContent = `Loaded: ${event.detail.title}`;
  watching?.disconnect();
  watching = new MutationObserver(() => loaded && read());
  watching.observe(preview.shadowRoot, { childList: true, subtree: true, attributeFilter: ["src", "srcset", "poster"] });
});
preview.addEventListener("article-embed:error", (event) => {
  loaded = null;
  if (!httpUrl(choices().src)) return;
  $("status").textContent = `Could not load it: ${event.detail.message}`;
  snippets(choices());
});

function look(c) {
  const vars = { "--ae-radius": `${c.radius}px` };
  if (c.accent !== DEFAULTS.accent) vars["--ae-color-accent"] = c.accent;
  if (c.font) Object.assign(vars, { "--ae-font-body": c.font, "--ae-font-heading": c.font });
  return vars;
}

function attributes(c) {
  const list = [["src", httpUrl(c.src)]];
  if (c.item) list.push(["item", c.item]);
  if (c.format) list.push(["format", c.format]);
  if (c.theme !== DEFAULTS.theme) list.push(["theme", c.theme]);
  if (c.layout !== DEFAULTS.layout) list.push(["layout", c.layout]);
  if (c.lang) list.push(["lang", c.lang]);
  if (c.consent) list.push(["consent", c.consent]);
  return list;
}

/** Applies the choices to the preview; true when it reloads. */
function updatePreview(c) {
  const wanted = new Map(attributes(c));
  let reloads = false;
  for (const name of ["src", "item", "format", "theme", "layout", "lang", "consent"]) {
    const value = wanted.get(name) ?? null;
    if (preview.getAttribute(name) === value) continue;
    reloads = true;
    if (value === null) preview.removeAttribute(name);
    else preview.setAttribute(name, value);
  }
  preview.removeAttribute("style");
  for (const [name, value] of Object.entries(look(c))) preview.style.setProperty(name, value);
  return reloads;
}

function snippets(c) {
  if (!httpUrl(c.src)) {
    for (const id of ["element-snippet", "iframe-snippet", "amp-snippet", "share-snippet", "csp-snippet"]) $(id).textContent = "";
    $("share-block").hidden = true;
    return;
  }
  const attrs = attributes(c).map(([name, value]) => `${name}="${esc(value)}"`).join(" ");
  const link = loaded?.url ? `<a href="${esc(loaded.url)}">${esc(loaded.title)}</a>` : `<a href="${esc(httpUrl(c.src))}">Read the article</a>`;
  $("element-snippet").textContent =
    `<script type="module" src="${here("embed.js")}"></script>\n<article-embed ${attrs}>\n  ${link}\n</article-embed>`;
  const vars = Object.entries(look(c)).map(([name, value]) => `  ${name}: ${value};`).join("\n");
  $("css-snippet").textContent = `article-embed {\n${vars}\n}`;
  const frame = new URL(here("frame.html"));
  // Consent is asked on the partner's page, before the frame loads at all.
  for (const [name, value] of attributes(c)) if (name !== "consent") frame.searchParams.set(name, value);
  if (c.accent !== DEFAULTS.accent) frame.searchParams.set("accent", c.accent);
  frame.searchParams.set("radius", c.radius);
  if (c.font) frame.searchParams.set("font", c.font);
  const title = loaded ? `Article: ${loaded.title}` : "Article";
  // Asking first, the frame has no src until the reader agrees
  // (frame-parent.js puts the button and the article's link before it).
  const where = c.consent
    ? `data-consent="${esc(c.consent)}"\n  data-src="${esc(frame.href)}"\n` + (loaded?.url ? `  data-href="${esc(loaded.url)}"\n` : "")
    : `src="${esc(frame.href)}"\n`;
  $("iframe-snippet").textContent =
    `<iframe data-article-embed-frame\n  ${where}  title="${esc(title)}"\n` +
    `  sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"\n` +
    `  loading="lazy" width="100%" height="600" frameborder="0"${c.consent ? " hidden" : ""}></iframe>\n<script src="${here("frame-parent.js")}" defer></script>`;
  // AMP: the frame in an amp-iframe, which follows its embed-size message
  // (resizable, with the overflow button AMP requires) over a placeholder.
  $("amp-snippet").textContent =
    `<amp-iframe width="600" height="800" layout="responsive" resizable\n  title="${esc(title)}"\n` +
    `  sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"\n  src="${esc(frame.href)}">\n` +
    `  <div overflow tabindex="0" role="button" aria-label="Show the whole article">Show the whole article</div>\n` +
    `  <div placeholder>${loaded ? esc(loaded.title) : "Loading the article…"}</div>\n</amp-iframe>`;
  // The publisher's server has a page for every article it answers
  // (/a/<source>?item=…): the link chat apps and link previews read.
  const source = httpUrl(c.src);
  const share = source && new URL(source);
  const served = share && share.pathname.includes("/api/articles/");
  $("share-block").hidden = !served;
  $("share-snippet").textContent = served ? ((share.pathname = share.pathname.replace("/api/articles/", "/a/")), share.href) : "";
  const cdn = origin(CDN);
  const api = origin(c.src);
  const connect = [...new Set([cdn, api].filter(Boolean))].join(" ");
  const images = [...new Set([api, ...(loaded?.images ?? [])].filter(Boolean))].join(" ");
  const media = loaded?.media?.length ? `; media-src ${loaded.media.join(" ")}` : "";
  $("csp-snippet").textContent =
    `Content-Security-Policy: script-src ${cdn} 'wasm-unsafe-eval'; style-src ${cdn}; connect-src ${connect}; img-src ${images}${media}\n` +
    `(iframe mode instead: frame-src ${cdn}; script-src ${cdn} for frame-parent.js)`;
}

function update() {
  const c = choices();
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(c)) {
    if (value && value !== DEFAULTS[name]) query.set(name, value);
  }
  history.replaceState(null, "", query.size ? `?${query}` : location.pathname);
  $("radius-value").value = c.radius;
  if (c.src && !httpUrl(c.src)) {
    // Never shown, never written into a snippet.
    loaded = null;
    preview.removeAttribute("src");
    $("status").textContent = "Only http(s) URLs can be embedded: paste the address of an article or a feed.";
  } else if (c.src) {
    if (updatePreview(c)) {
      // Until the new one loads, the snippets know nothing of it.
      loaded = null;
      $("status").textContent = "Loading…";
    }
  } else {
    $("status").textContent = "Paste an article or feed URL to see it here.";
  }
  snippets(c);
}

const form = $("choices");
form.addEventListener("submit", (event) => event.preventDefault());
// Text fields apply when left (or on Enter): not one request per keystroke.
form.addEventListener("change", update);
for (const id of ["theme", "layout", "consent", "lang", "accent", "font", "radius", "format"]) $(id).addEventListener("input", update);

for (const button of document.querySelectorAll("[data-copy]")) {
  button.addEventListener("click", async () => {
    const code = $(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(code.textContent);
      $("copied").textContent = `Copied: ${button.textContent.replace(/^Copy /, "")}.`;
    } catch {
      // No clipboard access: select it, for Ctrl+C.
      getSelection().selectAllChildren(code);
      code.focus();
      $("copied").textContent = "Selected: press Ctrl+C (⌘C) to copy.";
    }
  });
}

update();
await import("./embed.js");
