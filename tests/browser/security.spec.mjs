// Hostile content: every attack in the body and in every other text and URL
// field, rendered in a real browser with a trap that records any script
// execution, then the rendered DOM inspected.
import { test, expect } from "@playwright/test";
import { API, installScriptTrap } from "./helpers.mjs";
import { BODY_ATTACKS, SWALLOWING_ATTACKS, TEXT_ATTACKS, URL_ATTACKS } from "./attacks.mjs";

// MathML is kept on its own allowlist (crates/markup/src/math.rs): MathML Core's
// elements and attributes, checked below.
const MATH_ELEMENTS = ["math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot", "mstyle",
  "merror", "mpadded", "mphantom", "msub", "msup", "msubsup", "munder", "mover", "munderover", "mmultiscripts",
  "mprescripts", "none", "mtable", "mtr", "mtd", "semantics", "annotation"];
const MATH_ATTRIBUTES = ["display", "dir", "mathvariant", "displaystyle", "scriptlevel", "linethickness", "form", "fence",
  "separator", "largeop", "movablelimits", "stretchy", "symmetric", "accent", "accentunder", "lspace", "rspace", "minsize",
  "maxsize", "width", "height", "depth", "voffset", "columnspan", "rowspan", "alttext", "encoding"];
const FORBIDDEN = "script, iframe, object, embed, form, input, textarea, select, option, svg, style, link, meta, base, template, noscript, xmp, track, param, my-widget, article-embed, frame, isindex";

function hostileArticle() {
  const text = TEXT_ATTACKS.join(" ");
  return {
    id: text,
    url: "https://publisher.example/news/1",
    title: `Title ${TEXT_ATTACKS[0]}`,
    lead: `Lead ${text}`,
    author: `Author ${TEXT_ATTACKS[1]}`,
    lang: `en"><script>pwn("lang")</script>`,
    published_at: "2021-08-29T10:15:00+03:00",
    body_html: BODY_ATTACKS.map((a) => `<p>${a}</p>`).join("\n") + `<p id="end">End of body</p>` + SWALLOWING_ATTACKS.join(""),
    images: [
      { src: "/upload/medialibrary/4cd/4cd7dc0b112a4efad549dfa87fb0ee0a.jpg", alt: `Alt ${TEXT_ATTACKS[2]}`, caption: `Caption ${TEXT_ATTACKS[0]}` },
      ...URL_ATTACKS.map((src) => ({ src, alt: "bad", caption: "bad" })),
    ],
    views: 5,
    views_url: URL_ATTACKS[0],
    categories: [
      { name: `Rubric ${TEXT_ATTACKS[0]}`, url: URL_ATTACKS[1] },
      ...URL_ATTACKS.map((url, i) => ({ name: `R${i}`, url })),
    ],
    publisher: { name: `Pub ${TEXT_ATTACKS[3]}`, url: URL_ATTACKS[2], logo: URL_ATTACKS[3] },
  };
}

test(`${BODY_ATTACKS.length} body attacks and every field: nothing runs, only the allowlist renders`, async ({ page, request }) => {
  await installScriptTrap(page);
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  const popups = [];
  page.on("popup", (p) => popups.push(p.url()));
  const key = `/stash/hostile-${Date.now()}.json`;
  await request.put(API + key, { data: JSON.stringify(hostileArticle()) });
  await page.goto("/index.html");
  await page.evaluate((src) => {
    document.querySelector("main").innerHTML = `<article-embed src="${src}"></article-embed>`;
  }, API + key);
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
  const embed = page.locator("article-embed");
  await expect(embed.locator(".ae-body")).toContainText("End of body");
  // Let anything delayed (image errors, refreshes, lazy loads) happen.
  await embed.locator(".ae-footer").scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);

  expect(await page.evaluate(() => window.__pwned)).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(popups).toEqual([]);
  expect(page.url()).toMatch(/\/index\.html$/);

  const report = await page.evaluate(({ forbidden, mathElements, mathAttributes }) => {
    const root = document.querySelector("article-embed").shadowRoot;
    const MATHML = "http://www.w3.org/1998/Math/MathML";
    const inMath = [...root.querySelectorAll("math, math *")];
    const all = [...root.querySelectorAll("*")];
    const attrs = all.flatMap((el) => [...el.attributes].map((a) => [el.localName, a.name, a.value]));
    return {
      forbidden: [...root.querySelectorAll(forbidden), ...root.querySelectorAll(".ae-body button:not([type=button][data-ae-photo])")].map((el) => el.localName),
      handlers: attrs.filter(([, name]) => name.startsWith("on")),
      styles: attrs.filter(([, name]) => name === "style"),
      badHrefs: attrs.filter(([, n, v]) => n === "href" && !/^(https?:\/\/|mailto:)/.test(v)),
      badSrcs: attrs.filter(([, n, v]) => (n === "src" || n === "poster") && !/^https?:\/\//.test(v)),
      dangerous: attrs.filter(([, n]) => n === "background" || n === "srcdoc" || n === "formaction"),
      // Every responsive candidate is an http(s) URL with a width or density.
      badSrcsets: attrs.filter(([, n, v]) => n === "srcset" && !v.split(", ").every((c) => /^https?:\/\/\S+ \d+(\.\d+)?[wx]$/.test(c))),
      srcsetCount: attrs.filter(([, n]) => n === "srcset").length,
      autoplaying: [...root.querySelectorAll("video, audio")].filter((m) => m.autoplay || m.preload !== "none" || !m.controls).length,
      badSpans: attrs.filter(([, n, v]) => (n === "colspan" || n === "rowspan") && !(Number(v) >= 1 && Number(v) <= 100)),
      // Ids survive only as fragment targets, in our prefix; names never.
      bodyIds: [...root.querySelectorAll(".ae-body [id], .ae-body [name]")].filter((el) => el.hasAttribute("name") || !el.id.startsWith("ae-ref-")).length,
      // Inside a formula: MathML Core's elements, in MathML's namespace, and
      // its attributes only.
      mathCount: root.querySelectorAll("math").length,
      badMath: inMath.filter((el) => el.namespaceURI !== MATHML || !mathElements.includes(el.localName)).map((el) => el.localName),
      badMathAttrs: inMath.flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => !mathAttributes.includes(n)),
      // Every attribute in the body is one the widget sets itself.
      bodyAttrs: [...root.querySelectorAll(".ae-body *")]
        .filter((el) => el.namespaceURI !== MATHML)
        .flatMap((el) => [...el.attributes].map((a) => [el.localName, a.name, a.value]))
        .filter(([, n, v]) => {
          const free = ["href", "target", "rel", "src", "poster", "alt", "loading", "decoding", "width", "height", "data-size",
            "title", "datetime", "colspan", "rowspan", "span", "scope", "start", "reversed", "value", "type", "open",
            "controls", "preload", "playsinline", "aria-label", "srcset"];
          const shaped = {
            dir: /^auto$/, class: /^ae-[a-z_-]+( ae-[a-z_-]+)?$/, id: /^ae-ref-[\w.:-]+$/, "data-ae-ref": /^ae-ref-[\w.:-]+$/,
            role: /^(region|list|img)$/, tabindex: /^(0|-1)$/, "data-ae-photo": /^\d+$/, "aria-haspopup": /^dialog$/,
            sizes: /^auto, [\w (),.:-]+$/, media: /^[\w ()\-:.,/%<>=]+$/, part: /^thumbnail$/,
          };
          return !free.includes(n) && !(shaped[n] && shaped[n].test(v));
        }),
      blankLinksWithoutNoopener: [...root.querySelectorAll("a[target=_blank]")].filter((a) => a.rel !== "noopener noreferrer").length,
      title: root.querySelector(".ae-title").textContent,
      lead: root.querySelector(".ae-lead").textContent,
      rubric: root.querySelector(".ae-rubric").textContent,
      rubricLinks: root.querySelectorAll("a.ae-rubric").length,
      galleryImages: root.querySelectorAll("section.ae-gallery .ae-gallery__img").length,
      caption: root.querySelector("section.ae-gallery .ae-gallery__caption").textContent,
      thumbLabel: root.querySelector("section.ae-gallery .ae-gallery__thumb").getAttribute("aria-label"),
      source: root.querySelector(".ae-source").textContent,
      author: root.querySelector(".ae-author").textContent,
      globalsIntact: typeof document.body.append === "function" && typeof window.location.href === "string",
    };
  }, { forbidden: FORBIDDEN, mathElements: MATH_ELEMENTS, mathAttributes: MATH_ATTRIBUTES });
  expect(report.forbidden).toEqual([]);
  expect(report.mathCount).toBeGreaterThanOrEqual(10);
  expect(report.badMath).toEqual([]);
  expect(report.badMathAttrs).toEqual([]);
  expect(report.handlers).toEqual([]);
  expect(report.styles).toEqual([]);
  expect(report.badHrefs).toEqual([]);
  expect(report.badSrcs).toEqual([]);
  expect(report.dangerous).toEqual([]);
  expect(report.badSrcsets).toEqual([]);
  // The checked candidates are kept (so the attack corpus really reaches them).
  expect(report.srcsetCount).toBeGreaterThanOrEqual(3);
  expect(report.autoplaying).toBe(0);
  expect(report.badSpans).toEqual([]);
  expect(report.bodyIds).toBe(0);
  expect(report.bodyAttrs).toEqual([]);
  expect(report.blankLinksWithoutNoopener).toBe(0);
  expect(report.globalsIntact).toBe(true);
  // Text fields are text, shown literally.
  expect(report.title).toBe(`Title ${TEXT_ATTACKS[0]}`);
  expect(report.lead).toContain(TEXT_ATTACKS[1]);
  expect(report.rubric).toBe(`Rubric ${TEXT_ATTACKS[0]}`);
  expect(report.rubricLinks).toBe(0);
  expect(report.galleryImages).toBe(1);
  expect(report.caption).toBe(`Caption ${TEXT_ATTACKS[0]}`);
  expect(report.thumbLabel).toContain(TEXT_ATTACKS[2]);
  expect(report.source).toContain(TEXT_ATTACKS[3]);
  expect(report.author).toContain(TEXT_ATTACKS[1]);
  // The text of dropped elements stays where it was text.
  await expect(embed.locator(".ae-body")).toContainText("hover");
  await expect(embed.locator(".ae-body")).toContainText("js link");
  await expect(embed.locator(".ae-body a", { hasText: "opener" })).toHaveAttribute("rel", "noopener noreferrer");
});

test("a hostile article URL or src is refused with a message", async ({ page, request }) => {
  await installScriptTrap(page);
  const key = `/stash/badurl-${Date.now()}.json`;
  const article = { ...hostileArticle(), url: URL_ATTACKS[0] };
  await request.put(API + key, { data: JSON.stringify(article) });
  await page.goto("/index.html");
  await page.evaluate((src) => {
    document.querySelector("main").innerHTML =
      `<article-embed id="a" src="${src}"></article-embed><article-embed id="b" src="javascript:pwn('src')"></article-embed>`;
  }, API + key);
  await expect(page.locator("#a")).toHaveAttribute("data-state", "error");
  await expect(page.locator("#a").getByRole("alert")).toContainText('"url" is not an http(s) URL');
  await expect(page.locator("#b")).toHaveAttribute("data-state", "error");
  await expect(page.locator("#b").getByRole("alert")).toContainText("not an http(s) URL");
  expect(await page.evaluate(() => window.__pwned)).toEqual([]);
});
