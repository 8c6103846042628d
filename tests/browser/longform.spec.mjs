// Long-form content as readers use it: footnotes both ways, tables that
// scroll in their own region, native media that loads nothing until played,
// media cards that reach no third party, disclosure, and no fused words.
import { test, expect } from "@playwright/test";
import { axeViolations, show } from "./helpers.mjs";

const inEmbed = (page, selector) => page.locator(`article-embed ${selector}`);

test("the long-form showcase: footnotes go there and back inside the embed", async ({ page }) => {
  const external = [];
  page.on("request", (r) => !r.url().startsWith("http://127.0.0.1") && !r.url().startsWith("data:") && external.push(r.url()));
  await page.goto("/showcase.html");
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
  const ref = inEmbed(page, 'sup a[data-ae-ref="ae-ref-fn-riders"]');
  await expect(ref).toHaveAttribute("href", "https://publisher.example/news/long-form-showcase/#fn-riders");
  await expect(ref).not.toHaveAttribute("target", "_blank");
  await ref.click();
  // The note has focus, the page's URL is untouched.
  const focused = () => page.evaluate(() => document.querySelector("article-embed").shadowRoot.activeElement?.id);
  await expect.poll(focused).toBe("ae-ref-fn-riders");
  expect(page.url()).toMatch(/showcase\.html$/);
  const noteTop = await inEmbed(page, "#ae-ref-fn-riders").evaluate((el) => el.getBoundingClientRect().top);
  expect(noteTop).toBeGreaterThanOrEqual(0);
  expect(noteTop).toBeLessThan(900);
  // And back, from the keyboard.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect.poll(focused).toBe("ae-ref-fn-riders-link");
  // Media cards link to the original and nothing third-party loaded.
  const youtube = inEmbed(page, '.ae-media-card[href^="https://youtu.be/"]');
  await expect(youtube).toHaveAttribute("target", "_blank");
  await expect(youtube).toHaveAttribute("rel", "noopener noreferrer");
  await expect(youtube).toContainText("Open on YouTube");
  expect(external).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
});

test("a wide table scrolls sideways in its own labelled region; cells never fuse into words", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto("/showcase.html");
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
  const region = inEmbed(page, ".ae-table").first();
  await expect(region).toHaveAttribute("role", "region");
  await expect(region).toHaveAttribute("tabindex", "0");
  await expect(region).toHaveAttribute("aria-label", /\S/);
  const sizes = await region.evaluate((el) => [el.scrollWidth, el.clientWidth, document.documentElement.scrollWidth]);
  expect(sizes[0]).toBeGreaterThan(sizes[1]);
  expect(sizes[2]).toBeLessThanOrEqual(320);
  // What a copy or a screen reader gets: cells stay apart.
  const text = await region.evaluate((el) => el.innerText);
  expect(text).toMatch(/Quarter\s+Riders/);
  expect(text).not.toMatch(/QuarterRiders/);
});

test("native video and audio load nothing until played; details toggle; tables keep spans", async ({ page, request }) => {
  const body = `
    <p>Before.</p>
    <video src="/media/clip.mp4" poster="javascript:alert(1)" autoplay loop><source src="/media/clip.webm" type="video/webm">Fallback words</video>
    <audio><source src="https://media.publisher.example/a.mp3" type="audio/mpeg"></audio>
    <details><summary>More</summary><p>Hidden text</p></details>
    <table><caption>Results</caption><tr><th scope="col" colspan="2">Team</th></tr><tr><td>A</td><td rowspan="99999">1</td></tr></table>
    <ol start="5" reversed><li>five</li><li value="9">nine</li></ol>
    <p>H<sub>2</sub>O and E = mc<sup>2</sup>, <abbr title="World Health Organization">WHO</abbr>, <q>quoted</q>, <kbd>Ctrl</kbd>.</p>
    <pre>line one
    line two</pre>
    <hr>`;
  const article = { id: "media", url: "https://publisher.example/news/media", title: "Media", published_at: "2024-01-01T00:00:00Z", body_html: body };
  const mediaRequests = [];
  page.on("request", (r) => /clip\.|a\.mp3/.test(r.url()) && mediaRequests.push(r.url()));
  await page.goto("/index.html");
  await expect(await show(page, request, JSON.stringify(article))).toHaveAttribute("data-state", "ready");
  const video = inEmbed(page, "video");
  await expect(video).toHaveAttribute("controls", "");
  await expect(video).toHaveAttribute("preload", "none");
  expect(await video.evaluate((v) => [v.autoplay, v.loop, v.getAttribute("poster"), v.querySelectorAll("source").length])).toEqual([false, false, null, 2]);
  await expect(inEmbed(page, "audio source")).toHaveAttribute("src", "https://media.publisher.example/a.mp3");
  await page.waitForTimeout(500);
  expect(mediaRequests).toEqual([]);
  await expect(inEmbed(page, ".ae-body")).not.toContainText("Fallback words");

  const details = inEmbed(page, "details");
  await expect(details).not.toHaveAttribute("open", "");
  await inEmbed(page, "summary").click();
  await expect(details).toHaveAttribute("open", "");
  await expect(inEmbed(page, "th")).toHaveAttribute("colspan", "2");
  await expect(inEmbed(page, "td[rowspan]")).toHaveAttribute("rowspan", "100");
  await expect(inEmbed(page, ".ae-table")).toHaveAttribute("aria-label", "Results");
  expect(await inEmbed(page, "ol").evaluate((ol) => [ol.start, ol.reversed])).toEqual([5, true]);
  await expect(inEmbed(page, "abbr")).toHaveAttribute("title", "World Health Organization");
  expect(await inEmbed(page, "pre").evaluate((el) => [getComputedStyle(el).whiteSpace, getComputedStyle(el).fontFamily.includes("mono"), el.textContent.includes("\n")])).toEqual(["pre", true, true]);
  await expect(inEmbed(page, "hr")).toHaveCount(1);
  expect(await inEmbed(page, ".ae-body").evaluate((el) => el.innerText)).toContain("H2O and E = mc2");
});

test("aligned images float beside the text on a wide embed and stack on a narrow one", async ({ page }) => {
  for (const [width, wide] of [[1280, true], [360, false]]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/showcase.html");
    await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
    const right = inEmbed(page, ".ae-align-right").first();
    await right.scrollIntoViewIfNeeded();
    const [float, boxWidth, bodyWidth] = await right.evaluate((el) => [
      getComputedStyle(el).float,
      el.getBoundingClientRect().width,
      el.closest(".ae-body").getBoundingClientRect().width,
    ]);
    if (wide) {
      expect(float).toBe("right");
      expect(boxWidth).toBeLessThanOrEqual(bodyWidth / 2 + 1);
    } else {
      expect(float).toBe("none");
    }
  }
  // A centred paragraph keeps the author's centring, through our class only.
  expect(await inEmbed(page, "p.ae-text-center").first().evaluate((el) => getComputedStyle(el).textAlign)).toBe("center");
});

test("the showcase's fare formula: MathML in the sentence and on its own line, the data desk's symbols in the text", async ({ page }) => {
  await page.goto("/showcase.html");
  await expect(page.locator("article-embed")).toHaveAttribute("data-state", "ready");
  await expect(inEmbed(page, "math")).toHaveCount(3);
  await expect(inEmbed(page, 'math[display="block"]')).toHaveCount(1);
  await expect(inEmbed(page, "img.ae-in-text")).toHaveCount(1);
  await expect(inEmbed(page, "img.ae-glyph")).toHaveCount(2);
  // Symbols are part of the text: none is a photo of the lightbox.
  await expect(inEmbed(page, "button[data-ae-photo] img.ae-glyph, button[data-ae-photo] img.ae-in-text")).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);
});
