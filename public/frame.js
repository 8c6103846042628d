// iframe mode: frame.html?src=<article>&theme=&lang=&layout=&timeout=&format=&item=
// (&accent=&radius=&font= from the snippet builder)
// renders one <article-embed> and tells the page around it its height, in
// the protocol of each host it may be in (frame-parent.js, WordPress, AMP).
const params = new URLSearchParams(location.search);
const embed = document.createElement("article-embed");
for (const name of ["src", "theme", "lang", "layout", "timeout", "format", "item"]) {
  const value = params.get(name);
  if (value !== null) embed.setAttribute(name, value);
}
// The look the snippet builder chose: custom properties, set through the
// CSSOM (the frame's CSP allows no inline style).
const look = { accent: ["--ae-color-accent"], radius: ["--ae-radius", "px"], font: ["--ae-font-body", "", "--ae-font-heading"] };
for (const [name, [property, unit = "", also]] of Object.entries(look)) {
  const value = params.get(name);
  if (value === null || !/^[#\w\s,.'"-]{1,100}$/.test(value)) continue;
  embed.style.setProperty(property, value + unit);
  if (also) embed.style.setProperty(also, value);
}
// The article's card, when the publisher's server drew one into the page
// (what a reader sees with scripts off), becomes the element's fallback:
// shown again only if the widget cannot load the article.
const main = document.querySelector("main");
embed.append(...main.childNodes);
main.append(embed);

// The hosts a frame may be in, each told the height in its own protocol
// (none of them secret: the content's height):
// - our own frame-parent.js: {type: "article-embed:height", height};
// - WordPress (wp-embed.js), which puts `#?secret=…` on our URL and knows
//   the frame by it: {secret, message: "height", value}; it answers
//   "ready" with its own message, and follows {message: "link"} to a URL
//   on this frame's host only (see the link relay below);
// - AMP's amp-iframe: {sentinel: "amp", type: "embed-size", height}.
const asked = new URLSearchParams(location.hash.slice(1).replace(/^\?/, "")).get("secret") ?? "";
const secret = /^[A-Za-z0-9]{1,64}$/.test(asked) ? asked : null;
const host = window.parent !== window ? window.parent : null;
let last = 0;
const report = (force) => {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (!host || (height === last && !force)) return;
  last = height;
  host.postMessage({ type: "article-embed:height", height }, "*");
  if (secret) host.postMessage({ secret, message: "height", value: height }, "*");
  host.postMessage({ sentinel: "amp", type: "embed-size", height }, "*");
};
new ResizeObserver(() => report(false)).observe(document.documentElement);
// A host that keeps the frame clipped until it hears a height (WordPress)
// never fires the observer: the height goes at load, when the article is
// drawn, and when the host says it is ready.
new MutationObserver(() => report(true)).observe(embed, { attributes: true, attributeFilter: ["data-state"] });
addEventListener("load", () => report(true));
addEventListener("message", (event) => {
  if (event.source === host && secret && event.data?.message === "ready" && event.data?.secret === secret) report(true);
});
// Under WordPress's sandbox (scripts only: no new tab, no top navigation), a
// link the reader clicks is handed to wp-embed.js, which opens only URLs on
// this frame's host: the publisher's /go, which redirects to an article's
// page it served, or shows any other link to click through.
document.addEventListener("click", (event) => {
  if (!secret || !host || event.defaultPrevented || event.button !== 0) return;
  const link = event.composedPath().find((node) => node instanceof HTMLAnchorElement && node.href);
  if (!link) return;
  const target = new URL(link.href, location.href);
  if (!/^https?:$/.test(target.protocol) || (target.origin === location.origin && target.pathname === location.pathname)) return;
  event.preventDefault();
  const go = new URL("go", location.href);
  go.searchParams.set("to", target.href);
  host.postMessage({ secret, message: "link", value: go.href }, "*");
});
await import("./embed.js");
report(true);
