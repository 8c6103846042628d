// The benchmark's reference: a minimal, hand-written plain-JavaScript
// renderer of the same article, as a partner might write it without us. It
// does the same user-visible work as the widget, no less (shadow root, safe
// body rebuilt from DOMParser with an allowlist, Intl date and plural-free
// view count, rubrics, gallery thumbnails) and nothing more (no retries,
// timeouts, lightbox, error state or i18n). Used only by scripts/bench.mjs.
const ALLOWED = new Set(["p", "br", "b", "strong", "i", "em", "u", "s", "a", "ul", "ol", "li",
  "blockquote", "h3", "h4", "figure", "figcaption", "img"]);
const CSS = `:host{display:block;font:16px/1.6 Georgia,serif;color:#1a1a1a}
h2{font-size:2em;line-height:1.2;margin:.3em 0}.meta{color:#666;font:14px system-ui}
.rubrics{display:flex;gap:.5em;list-style:none;padding:0}.rubrics a{font:13px system-ui}
img{max-width:100%;height:auto}.gallery{display:grid;grid-template-columns:repeat(3,1fr);gap:.5em}`;
const sheet = new CSSStyleSheet();
sheet.replaceSync(CSS);

const safeUrl = (raw, base, schemes = ["http:", "https:"]) => {
  try {
    const url = new URL(raw, base);
    return schemes.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
};

function rebuild(node, base, out) {
  for (const child of node.childNodes) {
    if (child.nodeType === 3) {
      out.append(child.data);
      continue;
    }
    if (child.nodeType !== 1) continue;
    const name = child.localName;
    if (name === "script" || name === "style") continue;
    if (!ALLOWED.has(name)) {
      rebuild(child, base, out);
      continue;
    }
    const el = document.createElement(name);
    if (name === "a") {
      const href = safeUrl(child.getAttribute("href") ?? "", base, ["http:", "https:", "mailto:"]);
      if (href) el.href = href;
      el.target = "_blank";
      el.rel = "noopener noreferrer";
    } else if (name === "img") {
      const src = safeUrl(child.getAttribute("src") ?? "", base);
      if (!src) continue;
      el.src = src;
      el.alt = child.getAttribute("alt") ?? "";
      el.loading = "lazy";
    }
    rebuild(child, base, el);
    out.append(el);
  }
}

class ReferenceEmbed extends HTMLElement {
  async connectedCallback() {
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    const response = await fetch(new URL(this.getAttribute("src"), document.baseURI), { credentials: "omit" });
    const article = await response.json();
    const base = response.url;
    const h = (tag, text) => Object.assign(document.createElement(tag), text == null ? {} : { textContent: text });
    const wrap = h("article");
    const rubrics = h("ul");
    rubrics.className = "rubrics";
    for (const c of article.categories ?? []) {
      const a = h("a", c.name);
      a.href = safeUrl(c.url ?? "", base) ?? "";
      const li = h("li");
      li.append(a);
      rubrics.append(li);
    }
    const meta = h("p");
    meta.className = "meta";
    const date = new Intl.DateTimeFormat(document.documentElement.lang || "en", { dateStyle: "long", timeZone: "UTC" });
    meta.append(h("time", date.format(new Date(article.published_at))), ` · ${new Intl.NumberFormat().format(article.views ?? 0)} views`);
    const body = h("div");
    rebuild(new DOMParser().parseFromString(article.body_html, "text/html").body, base, body);
    const gallery = h("div");
    gallery.className = "gallery";
    for (const image of article.images ?? []) {
      const src = safeUrl(image.src, base);
      if (src) gallery.append(Object.assign(h("img"), { src, alt: image.alt ?? "", loading: "lazy", width: image.width, height: image.height }));
    }
    wrap.append(rubrics, h("h2", article.title), meta, h("p", article.lead), body, gallery);
    root.append(wrap);
    this.dispatchEvent(new CustomEvent("article-embed:ready", { bubbles: true, composed: true }));
  }
}
customElements.define("reference-embed", ReferenceEmbed);
