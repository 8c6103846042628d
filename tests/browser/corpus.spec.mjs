// Real long-form content from three CMSs (../shared/corpora/project/README.md
// for WordPress and Ghost; fixtures/corpus/ for the seed's Bitrix body): for
// each article, what the publisher's HTML holds against what the widget
// rendered: words kept per article, and per element class over the corpus.
import { test, expect } from "@playwright/test";
import { readdirSync } from "node:fs";
import { API, CORPORA, HAS_CORPORA, NO_CORPORA } from "./helpers.mjs";

const slugs = (dir) => readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => f.slice(0, -5));
// Paths on the API origin: third-party bodies under /corpora/, ours under /corpus/.
const ARTICLES = [
  ...(HAS_CORPORA ? ["wordpress", "ghost"].flatMap((cms) => slugs(`${CORPORA}project/${cms}`).map((s) => `corpora/project/${cms}/${s}`)) : []),
  ...slugs(new URL("../../fixtures/corpus/bitrix/", import.meta.url).pathname).map((s) => `corpus/bitrix/${s}`),
];

// [class, selector in the publisher's HTML, selector in the widget]
const CLASSES = [
  ["table cells", "td, th", "td, th"],
  ["pre", "pre", "pre"],
  ["code", "code", "code"],
  ["hr", "hr", "hr"],
  ["list items", "li", "li"],
  ["headings", "h1, h2, h3, h4, h5, h6", "h3, h4, h5, h6"],
  ["blockquotes", "blockquote", "blockquote"],
  // A photo of a CMS gallery, a figure in the source, is an item of the
  // widget's thumbnail grid.
  ["figures", "figure:not(.wp-block-embed)", "figure, li.ae-gallery__item"],
  ["images", "img[src]", "img"],
  ["links", "a[href]", "a[href]:not(.ae-media-card)"],
  ["media", "video, audio, iframe, embed, object, figure.wp-block-embed, p[data-bare-embed]", "video, audio, .ae-media-card"],
];

/** Runs in the page: counts words and elements in the source and the rendered body. */
function measure({ html, classes }) {
  // The CMS gallery blocks of src/markup/gallery.rs.
  const GALLERIES = ".wp-block-gallery, .gallery, .blocks-gallery-grid, .tiled-gallery, .kg-gallery-card";
  // Not article text: code and controls a page never shows as reading matter,
  // players' fallback text, and our own media-card labels.
  // An embed's URL (a WordPress embed block's wrapper, a bare provider URL)
  // becomes the card's link, not text.
  const SKIP = "script, style, template, noscript, textarea, select, button, svg, math, iframe, object, video, audio, " +
    ".ae-media-card__provider, .ae-media-card__action, .wp-block-embed__wrapper, p[data-bare-embed]";
  // Words as a reader reads them: text runs on inside inline elements
  // ("H<sub>2</sub>O" is one word) and breaks at block boundaries, so two
  // table cells or list items glued into one block would show as a fused word.
  const BLOCKS = new Set(["p", "div", "li", "td", "th", "tr", "table", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "figure", "figcaption", "dt", "dd", "dl", "ul", "ol", "br", "hr", "section", "article",
    "header", "footer", "aside", "nav", "main", "details", "summary", "address", "img", "a.ae-media-card", "span.ae-media-card__title"]);
  const isBlock = (el) => BLOCKS.has(el.localName) || BLOCKS.has(`${el.localName}.${el.classList[0]}`);
  const words = (root) => {
    let text = "";
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) text += child.data;
        else if (child.nodeType === Node.ELEMENT_NODE && !child.matches(SKIP)) {
          const block = isBlock(child);
          if (block) text += " ";
          walk(child);
          if (block) text += " ";
        }
      }
    };
    walk(root);
    return text.normalize("NFC").split(/\s+/).filter(Boolean);
  };
  const source = new DOMParser().parseFromString(html, "text/html").body;
  // A known provider's URL alone in a paragraph is an embed (as WordPress prints it).
  for (const p of source.querySelectorAll("p")) {
    if (/^https?:\/\/(www\.)?(youtube\.com|youtu\.be|vimeo\.com|twitter\.com|x\.com|wordpress\.tv|soundcloud\.com|instagram\.com|facebook\.com|t\.me)\/\S*$/.test(p.textContent.trim())) {
      p.setAttribute("data-bare-embed", "");
    }
  }
  const rendered = document.querySelector("article-embed").shadowRoot.querySelector(".ae-body");
  const have = new Map();
  for (const w of words(rendered)) have.set(w, (have.get(w) ?? 0) + 1);
  const sourceWords = words(source);
  let kept = 0;
  for (const w of sourceWords) {
    const n = have.get(w) ?? 0;
    if (n > 0) {
      kept++;
      have.set(w, n - 1);
    }
  }
  const linkWithContent = (a) => a.textContent.trim() || a.querySelector("img");
  const counts = classes.map(([name, src, out]) => {
    let inSource = [...source.querySelectorAll(src)];
    // A link around a gallery's photo (to the photo or its attachment page)
    // becomes the button that opens the photo in the lightbox.
    if (name === "links") inSource = inSource.filter((a) => linkWithContent(a) && !(a.closest(GALLERIES) && a.querySelector("img")));
    if (name === "images") inSource = inSource.filter((i) => /^(https?:|\/|[\w.-])/.test(i.getAttribute("src")) && !i.getAttribute("src").startsWith("data:"));
    return [name, inSource.length, rendered.querySelectorAll(out).length];
  });
  return { words: sourceWords.length, kept, counts };
}

test(`${ARTICLES.length} real articles from three CMSs keep their words and their elements`, async ({ page }) => {
  test.skip(!HAS_CORPORA, NO_CORPORA);
  test.setTimeout(180_000);
  await page.goto("/index.html");
  const rows = [];
  const totals = new Map(CLASSES.map(([name]) => [name, [0, 0]]));
  for (const article of ARTICLES) {
    const doc = await (await page.request.get(`${API}/${article}.json`)).json();
    await page.evaluate((src) => {
      document.querySelector("main").innerHTML = `<article-embed src="${src}"></article-embed>`;
    }, `${API}/${article}.json`);
    await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
    const m = await page.evaluate(measure, { html: doc.body_html, classes: CLASSES });
    rows.push([article, m.words, m.words ? m.kept / m.words : 1]);
    for (const [name, src, out] of m.counts) {
      const t = totals.get(name);
      t[0] += src;
      t[1] += Math.min(src, out);
    }
  }
  const pct = (x) => `${(100 * x).toFixed(1)} %`.padStart(8);
  console.log("\nwords kept, per article (lowest first):");
  for (const [article, words, share] of [...rows].sort((a, b) => a[2] - b[2]).slice(0, 12)) {
    console.log(`${pct(share)}  ${String(words).padStart(5)} words  ${article}`);
  }
  console.log(`... ${rows.length} articles, ${rows.reduce((a, r) => a + r[1], 0)} words\n\nelements kept, over the corpus:`);
  for (const [name, [src, kept]] of totals) console.log(`${pct(src ? kept / src : 1)}  ${String(kept).padStart(5)} of ${String(src).padStart(5)}  ${name}`);

  for (const [article, , share] of rows) expect(share, `words kept in ${article}`).toBeGreaterThanOrEqual(0.99);
  for (const [name, [src, kept]] of totals) {
    expect(src, `${name} occur in the corpus`).toBeGreaterThan(0);
    expect(kept / src, `${name} kept`).toBeGreaterThanOrEqual(0.95);
  }
});
