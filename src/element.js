// The <article-embed> custom element. Its lifecycle callbacks hand the element
// to the wasm side, which owns rendering; this file only wires the platform.
// Shipped by wasm-bindgen as a module file (a "snippet"): no inline script.
export function defineArticleEmbed(connect, disconnect) {
  if (customElements.get("article-embed")) return false;
  class ArticleEmbed extends HTMLElement {
    static get observedAttributes() {
      return ["src", "lang", "theme", "layout", "timeout", "format", "item", "loading", "consent"];
    }
    connectedCallback() {
      this.__aeMounted = true;
      start(this);
    }
    disconnectedCallback() {
      this.__aeMounted = false;
      disconnect(this);
    }
    attributeChangedCallback(_name, oldValue, newValue) {
      // On upgrade, attribute callbacks come before connectedCallback, which
      // reads every attribute itself: only a mounted element reloads.
      if (this.__aeMounted && oldValue !== newValue) {
        disconnect(this);
        start(this);
      }
    }
  }
  // The widget starts, unless the embed waits for the reader's consent.
  const start = (embed) => waitsForConsent(embed, () => embed.__aeMounted && start(embed)) || connect(embed);
  customElements.define("article-embed", ArticleEmbed);
  return true;
}

// consent="click" (ask on every page) or "session" (once per tab session and
// publisher): until the reader agrees the embed asks the publisher for
// nothing (no article, no view, no image). The partner's fallback (headline
// and link) stays, with a button naming where the article would come from;
// data-state="consent" says so. docs/embedding.md has what flows when.
const CONSENT = {
  en: "Show the article from {p}",
  ru: "Показать статью с сайта {p}",
  de: "Artikel von {p} anzeigen",
  fr: "Afficher l’article de {p}",
  es: "Mostrar el artículo de {p}",
  it: "Mostra l’articolo di {p}",
  pt: "Mostrar o artigo de {p}",
  uk: "Показати статтю з сайту {p}",
  tr: "{p} makalesini göster",
  ar: "اعرض المقال من {p}",
  zh: "显示来自 {p} 的文章",
  ja: "{p} の記事を表示",
};
const consented = new Set();
const remembered = (key) => {
  try {
    return sessionStorage.getItem(key);
  } catch {}
};

// True (and the button shown) while the embed waits; `go` starts it.
function waitsForConsent(embed, go) {
  embed.__aeConsent?.remove();
  embed.__aeConsent = null;
  const mode = embed.getAttribute("consent")?.trim().toLowerCase();
  if (mode !== "click" && mode !== "session") return false;
  let host;
  try {
    host = new URL(embed.getAttribute("src").trim(), document.baseURI).host;
  } catch {
    return false; // no article to ask for: the widget says what is wrong
  }
  const key = "article-embed:consent:" + host;
  if (consented.has(embed) || (mode === "session" && (consented.has(key) || remembered(key)))) return false;
  const button = document.createElement("button");
  button.type = "button";
  button.dir = "auto";
  button.className = "article-embed-consent";
  const lang = (embed.closest("[lang]")?.getAttribute("lang") ?? navigator.language ?? "").slice(0, 2).toLowerCase();
  button.textContent = (CONSENT[lang] ?? CONSENT.en).replace("{p}", host.replace(/^www\./, ""));
  button.onclick = () => {
    consented.add(embed);
    if (mode === "session") {
      consented.add(key);
      try {
        sessionStorage.setItem(key, "1");
      } catch {}
    }
    // The reader chose this embed: the article takes the button's place
    // and focus, not the page's top.
    embed.tabIndex = -1;
    embed.focus({ preventScroll: true });
    go();
    // The other embeds of this publisher waiting for a session's consent.
    if (mode === "session") for (const other of document.querySelectorAll("article-embed")) other.__aeConsent?.__aeKey === key && other.__aeGo();
  };
  button.__aeKey = mode === "session" ? key : null;
  embed.__aeConsent = button;
  embed.__aeGo = go;
  embed.dataset.state = "consent";
  // Beside the partner's fallback; in the shadow root once the widget has
  // drawn there (consent asked after the article showed, as the builder's
  // preview does), which hides the element's own children.
  (embed.shadowRoot ?? embed).append(button);
  return true;
}

// A view (src/loading/api.rs), kept alive if the reader leaves. Its body names the
// partner's page by its origin: the page's own, or in a frame the embedding
// page's (ancestorOrigins; Firefox has only the referrer). The publisher's
// dashboard counts views by it; it is never more than an origin.
export function postView(url) {
  let partner = location.origin;
  if (window.parent !== window) {
    partner = location.ancestorOrigins?.[0];
    try {
      partner ||= new URL(document.referrer).origin;
    } catch {}
  }
  return fetch(url, { method: "POST", mode: "cors", credentials: "omit", keepalive: true, body: partner || "" });
}

// A feed's XML, parsed inertly by DOMParser (text/xml: nothing loads, nothing
// runs), as the value JSON.parse would give for the same structure, so that
// one deserializer reads JSON and XML alike (src/browser.rs has the shape and
// the limits): [root's local name, value], or null when it is not XML.
export function readXml(text, depth, run, fields, voids) {
  const doc = new DOMParser().parseFromString(text, "text/xml");
  const root = doc.documentElement;
  // Chromium and WebKit put a <parsererror> inside, Firefox makes it the root.
  if (!root || root.localName === "parsererror" || root.getElementsByTagName("parsererror").length) return null;
  const serializer = new XMLSerializer();
  // A text field's children as the HTML they mean: CDATA as text (as CDATA,
  // HTML would read a comment), an empty element other than HTML's void ones
  // given an empty text so that it is written <iframe></iframe> (HTML would
  // read <iframe/> as swallowing everything after it).
  const markup = (el) => {
    for (const e of el.getElementsByTagName("*")) if (!e.firstChild && !voids.includes(` ${e.localName} `)) e.append("");
    let out = "";
    for (const node of el.childNodes) {
      const type = node.nodeType;
      if (type === 1 || type === 3) out += serializer.serializeToString(node);
      else if (type === 4) out += serializer.serializeToString(doc.createTextNode(node.data));
    }
    return out;
  };
  // A run of elements of one name (items, categories) read to its first
  // `run`, at most 4 × run children in all.
  const kids = (el) => {
    const out = [];
    let name = "";
    let same = 0;
    let seen = 0;
    for (let kid = el.firstElementChild; kid && seen < 16 * run && out.length < 4 * run; kid = kid.nextElementSibling) {
      seen++;
      same = kid.tagName === name ? same + 1 : 1;
      name = kid.tagName;
      if (same <= run) out.push(kid);
    }
    return out;
  };
  const value = (el, left) => {
    const children = kids(el);
    if (!left || (!children.length && !el.attributes.length)) return el.textContent;
    const out = {};
    for (const a of el.attributes) out["@" + a.name] = a.value;
    if (el.getAttribute("type") === "xhtml" || (children.length && fields.includes(` ${el.tagName} `))) {
      out.$xml = markup(el);
      return out;
    }
    if (!children.length) out.$text = el.textContent;
    for (const kid of children) {
      const key = kid.tagName;
      if (key === "__proto__") continue;
      const v = value(kid, left - 1);
      const had = out[key];
      out[key] = had === undefined ? v : Array.isArray(had) ? (had.push(v), had) : [had, v];
    }
    return out;
  };
  return [root.localName, value(root, depth)];
}

// The body up to `cap` bytes, or the bytes known of once past it (src/loading/api.rs).
export async function readCapped(response, cap) {
  const declared = Number(response.headers.get("content-length"));
  if (declared > cap) return declared;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > cap) {
      reader.cancel().catch(() => {});
      return total;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

// The body across the boundary in one string each way (crates/markup/src/flat.rs
// has the format): `parseFlat` parses it in an inert document and flattens
// the tree, `buildFlat` builds the cleaned body from the wasm's
// instructions. Each is one call where walking or building node by node
// from wasm made thousands.
const HTML = "http://www.w3.org/1999/xhtml";
const MATHML = "http://www.w3.org/1998/Math/MathML";
const clean = (s) => (s.includes("\0") ? s.replaceAll("\0", "\uFFFD") : s);
const lower = (s) => (/[A-Z]/.test(s) ? s.replace(/[A-Z]/g, (c) => c.toLowerCase()) : s);

// The DOM's own getters: a parsed <form> answers `form.attributes`,
// `form.firstChild` and the like with its controls named so (DOM
// clobbering), so the walk never reads them off the node itself.
const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
const nodeType = getter(Node.prototype, "nodeType");
const firstChild = getter(Node.prototype, "firstChild");
const nextSibling = getter(Node.prototype, "nextSibling");
const textContent = getter(Node.prototype, "textContent");
const localName = getter(Element.prototype, "localName");
const namespaceURI = getter(Element.prototype, "namespaceURI");
const attributes = getter(Element.prototype, "attributes");
const data = getter(CharacterData.prototype, "data");
const bodyOf = getter(Document.prototype, "body");

// At most `nodes` nodes; an element `depth` levels down keeps only its text.
export function parseFlat(html, depth, nodes) {
  const body = bodyOf.call(new DOMParser().parseFromString(html, "text/html"));
  const out = [];
  let budget = nodes;
  const walk = (parent, left) => {
    for (let node = firstChild.call(parent); node && budget > 0; node = nextSibling.call(node)) {
      budget--;
      const type = nodeType.call(node);
      if (type === 3) out.push("T" + clean(data.call(node)));
      else if (type === 1) {
        out.push((namespaceURI.call(node) === HTML ? "E" : "F") + clean(lower(localName.call(node))));
        for (const a of attributes.call(node)) out.push("A" + clean(lower(a.localName)), clean(a.value));
        if (left === 0) out.push("T" + clean(textContent.call(node)));
        else walk(node, left - 1);
        out.push("/");
      } else out.push("O");
    }
  };
  if (body) walk(body, depth);
  return out.join("\0");
}

export function buildFlat(doc, flat) {
  const fragment = doc.createDocumentFragment();
  const open = [fragment];
  let top = fragment;
  const tokens = flat.split("\0");
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const rest = token.slice(1);
    switch (token[0]) {
      case "E":
      case "M":
        // A name the engine refuses (none of ours) leaves its subtree out.
        try {
          top = top.appendChild(token[0] === "E" ? doc.createElement(rest) : doc.createElementNS(MATHML, rest));
        } catch {
          top = doc.createDocumentFragment();
        }
        open.push(top);
        break;
      case "A": {
        const value = tokens[++i] ?? "";
        try {
          top.setAttribute?.(rest, value);
        } catch {}
        break;
      }
      case "T":
        top.appendChild(doc.createTextNode(rest));
        break;
      case "/":
        if (open.length > 1) open.pop();
        top = open[open.length - 1];
        break;
    }
  }
  return fragment;
}
