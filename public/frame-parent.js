// For partner pages using iframe mode: sizes every
// <iframe data-article-embed-frame> to the height its frame reports.
// Messages count only if they come from that iframe's window and origin, and
// the height is clamped, so no other frame or page can resize it.
//
// A frame that waits for the reader's consent (the builder writes it so):
//   <iframe data-article-embed-frame data-consent="click|session"
//     data-src="…/frame.html?…" data-href="the article's page" title="…" hidden>
// has no src, so nothing is asked of the publisher until the reader presses
// the button this script puts before it (beside a link to the article, named
// by the frame's title); "session" remembers the choice for the tab's session
// and the publisher. docs/embedding.md says what flows when.
(() => {
  const MIN = 120;
  const MAX = 30000;
  if (window.__articleEmbedFrames) return;
  window.__articleEmbedFrames = true;
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "article-embed:height" || !Number.isFinite(data.height)) return;
    for (const frame of document.querySelectorAll("iframe[data-article-embed-frame]")) {
      if (event.source !== frame.contentWindow) continue;
      if (event.origin !== new URL(frame.src, location.href).origin) return;
      frame.style.height = Math.min(MAX, Math.max(MIN, Math.round(data.height))) + "px";
      return;
    }
  });

  // The widget's own words for the button (src/element.js has the same).
  const LABELS = {
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
  const web = (value) => {
    try {
      const url = new URL(value, location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url : null;
    } catch {
      return null;
    }
  };
  const stored = (key) => {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  };
  const waiting = [];
  const wait = (frame) => {
    const url = web(frame.dataset.src);
    const mode = frame.dataset.consent?.trim().toLowerCase();
    if (!url || frame.getAttribute("src")) return;
    const key = "article-embed:consent:" + url.host;
    const show = () => {
      if (frame.getAttribute("src") !== url.href) frame.src = url.href;
      frame.hidden = false;
    };
    if ((mode !== "click" && mode !== "session") || (mode === "session" && stored(key))) return show();
    const box = document.createElement("div");
    box.className = "article-embed-consent";
    box.dir = "auto";
    const page = web(frame.dataset.href ?? "");
    if (page && frame.title) {
      const link = document.createElement("a");
      link.href = page.href;
      link.textContent = frame.title;
      box.append(link, " ");
    }
    const button = document.createElement("button");
    button.type = "button";
    const lang = (frame.closest("[lang]")?.getAttribute("lang") ?? navigator.language ?? "").slice(0, 2).toLowerCase();
    button.textContent = (LABELS[lang] ?? LABELS.en).replace("{p}", url.host.replace(/^www\./, ""));
    const release = () => {
      box.remove();
      show();
    };
    button.addEventListener("click", () => {
      release();
      frame.focus();
      if (mode !== "session") return;
      try {
        sessionStorage.setItem(key, "1");
      } catch {}
      for (const other of waiting) if (other.key === key && other.release !== release) other.release();
    });
    box.append(button);
    frame.hidden = true;
    frame.before(box);
    waiting.push({ key: mode === "session" ? key : null, release });
  };
  const start = () => document.querySelectorAll("iframe[data-article-embed-frame][data-src]").forEach(wait);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
