// Real long-form content: three CMSs (../shared/corpora/project/README.md for
// WordPress and Ghost; fixtures/corpus/ for the seed's Bitrix body) and 130
// pages of about 70 sites as Mozilla Readability extracts them
// (../shared/corpora/readability/PROVENANCE.md): math, inline formula
// images, layout tables, unplayable video among them. For each article,
// what the publisher's HTML holds against what the widget rendered: words
// kept per article (≥ 99 %), and per element class over the corpus (all).
import { test, expect } from "@playwright/test";
import { readdirSync } from "node:fs";
import { API, CORPORA, HAS_CORPORA, NO_CORPORA, axeViolations } from "./helpers.mjs";

const slugs = (dir) => readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => f.slice(0, -5));
// Paths on the API origin: third-party bodies under /corpora/, ours under /corpus/.
const ARTICLES = [
  ...(HAS_CORPORA ? ["wordpress", "ghost"].flatMap((cms) => slugs(`${CORPORA}project/${cms}`).map((s) => `corpora/project/${cms}/${s}`)) : []),
  // 130 pages from about 70 sites (news, encyclopedias, blogs, docs; nine
  // languages), as Mozilla Readability extracts them: PROVENANCE.md there.
  ...(HAS_CORPORA ? slugs(`${CORPORA}readability`).map((s) => `corpora/readability/${s}`) : []),
  ...slugs(new URL("../../fixtures/corpus/bitrix/", import.meta.url).pathname).map((s) => `corpus/bitrix/${s}`),
];

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// [class, selector in the publisher's HTML, selector in the widget]
const CLASSES = [
  // Cells of data tables: a layout table's cells are read one after another
  // (src/markup/tables.rs), their content kept, so they are not counted.
  ["table cells", "[data-data-table] td, [data-data-table] th", "td, th"],
  ["formulas", "math:not(math math)", "math"],
  ["pre", "pre", "pre"],
  ["code", "code", "code"],
  ["hr", "hr", "hr"],
  ["list items", "li", "li"],
  ["headings", "h1, h2, h3, h4, h5, h6", "h3, h4, h5, h6"],
  ["blockquotes", "blockquote", "blockquote"],
  // A photo of a CMS gallery, a figure in the source, is an item of the
  // widget's thumbnail grid.
  ["figures", "figure:not(.wp-block-embed)", "figure, li.ae-gallery__item"],
  // An image the widget does not load (data:, blob:, file:) stands as its
  // alt text; without one it is decoration, and not counted.
  ["images", "img[src]", "img, .ae-unloaded"],
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
  // An image the widget does not show (a file: spacer without alt) parts
  // no words: it is dropped, and the words beside it meet.
  const shown = (img) => !/^[a-z][\w+.-]*:/i.test(img.getAttribute("src") ?? "") || /^https?:/i.test(img.getAttribute("src")) || img.getAttribute("alt")?.trim();
  const isBlock = (el) => (el.localName === "img" ? shown(el) : BLOCKS.has(el.localName) || BLOCKS.has(`${el.localName}.${el.classList[0]}`));
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
  // Data tables by the rule of src/markup/tables.rs (the first that applies):
  // role presentation → layout; caption, header cell, thead, tfoot, colgroup
  // or summary → data; a table in a cell, one row, one column, or no text in
  // any cell → layout; else data.
  const own = (table, selector) => [...table.querySelectorAll(selector)].filter((el) => el.closest("table") === table);
  for (const table of [...source.querySelectorAll("table")].reverse()) {
    const rows = own(table, "tr");
    const cells = own(table, "td, th");
    const role = table.getAttribute("role");
    const data =
      role !== "presentation" && role !== "none" &&
      (own(table, "caption, thead, tfoot, colgroup").length > 0 || table.hasAttribute("summary") ||
        own(table, "th").some((th) => th.textContent.trim() || th.querySelector("img")) ||
        (!cells.some((c) => c.querySelector("table")) && rows.length > 1 &&
          Math.max(0, ...rows.map((r) => own(r, "td, th").filter((c) => c.parentElement === r).length)) > 1 &&
          cells.some((c) => c.textContent.trim())));
    if (data) table.setAttribute("data-data-table", "");
  }
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
  const lost = [];
  for (const w of sourceWords) {
    const n = have.get(w) ?? 0;
    if (n > 0) {
      kept++;
      have.set(w, n - 1);
    } else if (lost.length < 12) {
      lost.push(w);
    }
  }
  const linkWithContent = (a) => a.textContent.trim() || a.querySelector("img");
  const counts = classes.map(([name, src, out]) => {
    let inSource = [...source.querySelectorAll(src)];
    // A link around a gallery's photo (to the photo or its attachment page)
    // becomes the button that opens the photo in the lightbox.
    if (name === "links") inSource = inSource.filter((a) => linkWithContent(a) && !(a.closest(GALLERIES) && a.querySelector("img")));
    // A URL the widget follows: relative, or http(s) (and mailto for links).
    const web = (url, schemes) => !/^[a-z][\w+.-]*:/i.test(url.trim()) || schemes.test(url.trim());
    if (name === "images") inSource = inSource.filter((i) => web(i.getAttribute("src"), /^https?:/i) || i.getAttribute("alt")?.trim());
    // A link to another scheme (about:, javascript:, ftp:) is its text.
    if (name === "links") inSource = inSource.filter((a) => web(a.getAttribute("href"), /^(https?|mailto):/i));
    return [name, inSource.length, rendered.querySelectorAll(out).length];
  });
  return { words: sourceWords.length, kept, counts, lost };
}

test(`${ARTICLES.length} real articles (three CMSs, 130 pages of about 70 sites) keep their words and their elements`, async ({ page }) => {
  test.skip(!HAS_CORPORA, NO_CORPORA);
  test.setTimeout(480_000);
  await page.goto("/index.html");
  const rows = [];
  const short = [];
  const violations = [];
  const totals = new Map(CLASSES.map(([name]) => [name, [0, 0]]));
  for (const article of ARTICLES) {
    const doc = await (await page.request.get(`${API}/${article}.json`)).json();
    await page.evaluate((src) => {
      document.querySelector("main").innerHTML = `<article-embed src="${src}"></article-embed>`;
    }, `${API}/${article}.json`);
    await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
    // A long body is built a slice per task after "ready".
    await expect(page.locator("article-embed .ae-body")).not.toHaveAttribute("aria-busy", "true");
    const m = await page.evaluate(measure, { html: doc.body_html, classes: CLASSES });
    // WCAG 2.1 A/AA, the author's markup included: the widget repairs what
    // it can without changing what it means (src/markup/a11y.rs).
    for (const v of await axeViolations(page, WCAG)) violations.push(`${article}: ${v.id} (${v.impact}) × ${v.nodes.length}: ${v.nodes.slice(0, 2).join(", ")}`);
    rows.push([article, m.words, m.words ? m.kept / m.words : 1]);
    if (m.kept < m.words * 0.99) short.push(`${article}: words not found: ${m.lost.join(" | ")}`);
    for (const [name, src, out] of m.counts) {
      if (out < src) short.push(`${article}: ${name} ${out} of ${src}`);
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
  if (short.length) console.log(`\nelements short, per article:\n${short.join("\n")}`);
  if (violations.length) console.log(`\naccessibility violations:\n${violations.join("\n")}`);
  expect(violations).toEqual([]);

  for (const [article, , share] of rows) expect(share, `words kept in ${article}`).toBeGreaterThanOrEqual(0.99);
  for (const [name, [src, kept]] of totals) {
    expect(src, `${name} occur in the corpus`).toBeGreaterThan(0);
    expect(kept, `${name} kept`).toBe(src);
  }
});
