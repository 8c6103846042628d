// Formulas and images in running text (issue 18): MathML renders in
// MathML's namespace, MathJax's and KaTeX's drawings are reduced to the
// MathML they carry, an engine without MathML shows the formula's words,
// and images inside a sentence stay in its line instead of becoming photos.
import { test, expect } from "@playwright/test";
import { CDN, HAS_CORPORA, NO_CORPORA, show } from "./helpers.mjs";

const inEmbed = (page, selector) => page.locator(`article-embed ${selector}`);
const MATHML = "http://www.w3.org/1998/Math/MathML";

const FORMULAS = `
  <p>Euler's identity, <math alttext="e^{i\\pi} + 1 = 0"><msup><mi>e</mi><mrow><mi>i</mi><mi>π</mi></mrow></msup><mo>+</mo><mn>1</mn><mo>=</mo><mn>0</mn></math>, in a sentence.</p>
  <p>KaTeX: <span class="katex"><span class="katex-mathml"><math><semantics><mrow><msqrt><mn>2</mn></msqrt></mrow><annotation encoding="application/x-tex">\\sqrt{2}</annotation></semantics></math></span><span class="katex-html" aria-hidden="true"><span class="base">√2drawn</span></span></span> is irrational.</p>
  <math display="block"><mfrac><mrow><mo>−</mo><mi>b</mi><mo>±</mo><msqrt><mrow><msup><mi>b</mi><mn>2</mn></msup><mo>−</mo><mn>4</mn><mi>a</mi><mi>c</mi></mrow></msqrt></mrow><mrow><mn>2</mn><mi>a</mi></mrow></mfrac></math>
  <p>The transpose of a matrix <span><img src="/upload/showcase/quay.jpg" alt="A"></span> is written <img src="/upload/showcase/storm.jpg" alt="A^T" width="60" height="20">, said the paper <img class="emoji" src="/upload/showcase/driver.jpg" alt="🙂"> twice.</p>
  <p><img src="/upload/showcase/bridge.jpg" alt="A photo on its own" width="1200" height="800"></p>`;

const article = (body) =>
  JSON.stringify({ id: "math", url: "https://publisher.example/news/math", title: "Math", published_at: "2024-01-01T00:00:00Z", body_html: body });

test("formulas render as MathML, KaTeX's drawing is dropped, images in a sentence stay in its line", async ({ page, request }) => {
  await page.goto("/index.html");
  await expect(await show(page, request, article(FORMULAS))).toHaveAttribute("data-state", "ready");
  const maths = await page.evaluate((ns) => {
    const root = document.querySelector("article-embed").shadowRoot;
    return [...root.querySelectorAll("math")].map((m) => ({
      ns: m.namespaceURI,
      display: getComputedStyle(m).display,
      text: m.textContent.replace(/\s+/g, ""),
      width: m.getBoundingClientRect().width,
      inNs: [...m.querySelectorAll("*")].every((el) => el.namespaceURI === ns),
    }));
  }, MATHML);
  expect(maths.map((m) => m.ns)).toEqual([MATHML, MATHML, MATHML]);
  expect(maths.every((m) => m.inNs && m.width > 0)).toBe(true);
  // Inline formulas flow with the text; the display one is a block of its own.
  expect(maths.map((m) => m.display)).toEqual(["math", "math", "block math"]);
  // KaTeX's HTML drawing is gone: the formula is shown once.
  await expect(inEmbed(page, ".ae-body")).not.toContainText("drawn");
  expect(maths[1].text).toBe("2\\sqrt{2}");

  // Images inside the sentence: in its line, not photos.
  const lines = await page.evaluate(() => {
    const root = document.querySelector("article-embed").shadowRoot;
    const p = [...root.querySelectorAll(".ae-body p")].find((p) => p.textContent.includes("transpose"));
    const range = document.createRange();
    range.selectNodeContents(p.firstChild);
    const text = range.getBoundingClientRect();
    return [...p.querySelectorAll("img")].map((img) => {
      const box = img.getBoundingClientRect();
      return { cls: img.className, top: box.top, bottom: box.bottom, textTop: text.top, textBottom: text.bottom, button: !!img.closest("button"), height: box.height };
    });
  });
  expect(lines.map((l) => l.cls)).toEqual(["ae-in-text", "ae-in-text", "ae-glyph"]);
  for (const l of lines) {
    expect(l.button).toBe(false);
    // On the first line of the paragraph, beside the words.
    expect(l.top).toBeLessThan(l.textBottom);
    expect(l.bottom).toBeGreaterThan(l.textTop);
  }
  // The emoji is one line high, whatever the file's size.
  expect(lines[2].height).toBeLessThan(30);
  // The photo alone in its paragraph stays a photo: the only one in the lightbox.
  await expect(inEmbed(page, ".ae-body button[data-ae-photo]")).toHaveCount(1);
});

test("an engine without MathML shows each formula's words: its alttext or its TeX", async ({ page, request }) => {
  await page.addInitScript(() => {
    delete window.MathMLElement;
  });
  await page.goto("/index.html");
  await expect(await show(page, request, article(FORMULAS))).toHaveAttribute("data-state", "ready");
  const fallbacks = await inEmbed(page, ".ae-math-fallback").allTextContents();
  expect(fallbacks).toEqual(["e^{i\\pi} + 1 = 0", "\\sqrt{2}", "− b ± b 2 − 4 a c 2 a"]);
  await expect(inEmbed(page, "math")).toHaveCount(0);
});

test("real MathJax and Wikipedia pages: every formula once, as MathML; formula images in the line", async ({ page }) => {
  test.skip(!HAS_CORPORA, NO_CORPORA);
  await page.goto("/index.html");
  const load = async (name) => {
    await page.evaluate((src) => {
      document.querySelector("main").innerHTML = `<article-embed src="${src}"></article-embed>`;
    }, `${CDN}/corpora/readability/${name}.json`);
    await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
  };
  await load("mathjax");
  const source = await (await page.request.get(`${CDN}/corpora/readability/mathjax.json`)).json();
  const expected = (source.body_html.match(/<math[\s>]/g) ?? []).length;
  expect(expected).toBeGreaterThan(5);
  await expect(inEmbed(page, "math")).toHaveCount(expected);
  // The sentence the issue quotes reads whole: the formulas sit between its words.
  const sentence = await inEmbed(page, ".ae-body").evaluate((body) => {
    const p = [...body.querySelectorAll("p")].find((p) => p.textContent.includes("there are two solutions to"));
    return p ? [p.querySelectorAll("math").length, p.textContent.replace(/\s+/g, " ")] : null;
  });
  expect(sentence?.[0]).toBeGreaterThanOrEqual(2);
  expect(await inEmbed(page, "[class^='mjx'], mjx-container").count()).toBe(0);

  await load("wikipedia-3");
  const images = await inEmbed(page, ".ae-body").evaluate((body) => {
    const all = [...body.querySelectorAll("img")].filter((i) => i.src.includes("/media/math/"));
    return { inText: all.filter((i) => i.className === "ae-in-text" && !i.closest("button")).length, all: all.length };
  });
  expect(images.all).toBeGreaterThanOrEqual(30);
  expect(images.inText).toBe(images.all);
});
