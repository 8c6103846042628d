// One lightbox for every photo of the article, each photo once, each at its
// own size.
import { test, expect } from "@playwright/test";
import { HAS_CORPORA, NO_CORPORA, axeViolations, show } from "./helpers.mjs";

const photo = (n) => `/upload/medialibrary/${["1e7/1e7158295d12b403ae475784d00b154e", "468/468aeb60d282ba30034327b9d43fd256", "4cd/4cd7dc0b112a4efad549dfa87fb0ee0a", "51e/51e3b64ae30ad9cf9c0f411028898b69"][n]}.jpg`;

async function showArticle(page, request, article) {
  await page.goto("/index.html");
  const embed = await show(page, request, JSON.stringify(article));
  await expect(embed).toHaveAttribute("data-state", "ready");
  return embed;
}

const base = { id: "p", url: "https://publisher.example/news/p", title: "Photos", published_at: "2024-01-01T00:00:00Z" };
// The stand-in photos live on the CDN origin; the API's JSON names them absolutely.
const abs = (path) => `http://127.0.0.1:4601${path}`;

test("body photos and images[] share one lightbox, in reading order, each once", async ({ page, request }) => {
  const embed = await showArticle(page, request, {
    ...base,
    body_html: `<p>First.</p><p><img src="${abs(photo(0))}" alt="zero"></p><p>Between.</p>
      <figure><img src="${abs(photo(1))}" alt="one"><figcaption>One</figcaption></figure>
      <p><a href="https://publisher.example/x"><img src="${abs(photo(2))}" alt="linked"></a></p>`,
    images: [
      { src: abs(photo(1)), alt: "one again", caption: "One, from images[]", width: 1200, height: 800 },
      { src: abs(photo(3)), alt: "three", caption: "Three" },
    ],
  });
  // The body's two photos are buttons; the linked one follows its link.
  const zoom = embed.locator(".ae-body .ae-zoom");
  await expect(zoom).toHaveCount(2);
  await expect(embed.locator(".ae-body a img")).toHaveCount(1);
  // images[] repeats photo 1: the grid shows only the photo the body lacks.
  await expect(embed.locator(".ae-gallery__thumb")).toHaveCount(1);
  await expect(embed.locator(".ae-gallery__thumb")).toHaveAccessibleName("Photo 3 of 3: three");
  // The body photo takes images[]'s size for the same photo.
  await expect(zoom.nth(1).locator("img")).toHaveAttribute("width", "1200");

  await zoom.nth(1).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("2 / 3");
  await expect(dialog.locator(".ae-lightbox__caption")).toHaveText("One, from images[]");
  await page.keyboard.press("ArrowRight");
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("3 / 3");
  await page.keyboard.press("ArrowRight");
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("1 / 3");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // Focus returns to the body photo last shown (in the dialog's close
  // event, a task after the browser's own focus restore).
  await expect
    .poll(() => page.evaluate(() => document.querySelector("article-embed").shadowRoot.activeElement?.getAttribute("aria-label")))
    .toBe("Photo 1 of 3: zero");
  // The grid's thumbnail opens the same lightbox at its place.
  await embed.locator(".ae-gallery__thumb").click();
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("3 / 3");
});

test("photos keep their own size: never upscaled, never letterboxed", async ({ page, request }) => {
  await page.setViewportSize({ width: 1100, height: 900 });
  const embed = await showArticle(page, request, {
    ...base,
    body_html: `<p><img src="${abs(photo(0))}" width="150" height="100" alt="small"></p><p><img src="${abs(photo(1))}" alt="unknown"></p>`,
  });
  const small = embed.locator('img[alt="small"]');
  await expect.poll(() => small.evaluate((i) => i.getBoundingClientRect().width)).toBe(150);
  const unknown = embed.locator('img[alt="unknown"]');
  await unknown.scrollIntoViewIfNeeded();
  await expect.poll(() => unknown.evaluate((i) => i.complete && i.naturalWidth > 0)).toBe(true);
  // Loaded: the placeholder ratio is gone; it shows at its own ratio, no wider than itself.
  await expect(unknown).not.toHaveAttribute("data-size", "unknown");
  const [w, h, nw, nh] = await unknown.evaluate((i) => [i.getBoundingClientRect().width, i.getBoundingClientRect().height, i.naturalWidth, i.naturalHeight]);
  expect(w).toBeLessThanOrEqual(nw);
  expect(Math.abs(w / h - nw / nh)).toBeLessThan(0.02);
});

test("the lightbox as on phones: swipe, swipe down, zoom, backdrop, preloads, a photo that fails", async ({ page, request }) => {
  const embed = await showArticle(page, request, {
    ...base,
    body_html: [0, 1, 2].map((n) => `<p><img src="${abs(photo(n))}" alt="photo ${n}"></p>`).join("") +
      `<p><img src="${abs("/upload/missing.jpg")}" alt="A harbour at dawn"></p>`,
  });
  await embed.locator(".ae-zoom").first().click();
  const dialog = page.getByRole("dialog");
  const counter = dialog.locator(".ae-lightbox__counter");
  await expect(counter).toHaveText("1 / 4");
  // The photos on either side are already asked for.
  expect(await dialog.locator(".ae-lightbox__preload").evaluateAll((imgs) => imgs.map((i) => i.getAttribute("src").split("/").pop()))).toEqual([
    "missing.jpg", photo(1).split("/").pop(),
  ]);
  // A touch swipe to the left pages forward; to the right, back.
  const swipeOn = (dx, dy) =>
    dialog.locator(".ae-lightbox__figure").evaluate((fig, [dx, dy]) => {
      const r = fig.getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 3];
      const at = (type, px, py) => fig.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerType: "touch", isPrimary: true, clientX: px, clientY: py }));
      at("pointerdown", x, y);
      at("pointermove", x + dx / 2, y + dy / 2);
      at("pointerup", x + dx, y + dy);
    }, [dx, dy]);
  await swipeOn(-120, 5);
  await expect(counter).toHaveText("2 / 4");
  await swipeOn(120, -5);
  await expect(counter).toHaveText("1 / 4");
  await swipeOn(-20, 0);
  await expect(counter).toHaveText("1 / 4");
  // Double-click zooms to natural size and back.
  const img = dialog.locator(".ae-lightbox__img");
  await img.dblclick();
  await expect(dialog.locator(".ae-lightbox__figure")).toHaveAttribute("data-zoomed", "");
  expect(await img.evaluate((i) => getComputedStyle(i).maxWidth)).toBe("none");
  await img.dblclick();
  await expect(dialog.locator(".ae-lightbox__figure")).not.toHaveAttribute("data-zoomed", "");
  // A photo that fails to load says what it shows.
  await page.keyboard.press("ArrowLeft");
  await expect(counter).toHaveText("4 / 4");
  await expect(dialog.locator(".ae-lightbox__fallback")).toHaveText("A harbour at dawn");
  // Swipe down closes; a click on the backdrop closes too.
  await swipeOn(0, 200);
  await expect(dialog).toBeHidden();
  await embed.locator(".ae-zoom").nth(1).click();
  await expect(dialog).toBeVisible();
  await page.mouse.click(550, 15); // the dialog's own padding, above the photo
  await expect(dialog).toBeHidden();
});

test("responsive sources: small candidates for the page, the largest in the lightbox, <picture> formats kept", async ({ page, request }) => {
  // A phone: the body column and the thumbnails are narrow.
  await page.setViewportSize({ width: 375, height: 800 });
  const sized = (n, w) => `${abs(photo(n))}?w=${w}`;
  const embed = await showArticle(page, request, {
    ...base,
    body_html: `<p><picture><source type="image/webp" srcset="${abs(photo(0))}?format=webp"><source type="image/x-unknown" srcset="${abs(photo(0))}?format=unknown"><img src="${abs(photo(0))}" alt="picture"></picture></p>
      <p><img src="${sized(1, 800)}" srcset="${sized(1, 400)} 400w, ${sized(1, 3000)} 3000w" sizes="(max-width: 2000px) 100vw, 2000px" width="800" height="533" alt="wide"></p>`,
    images: [{ src: sized(2, 1200), alt: "grid", width: 1200, height: 800, srcset: [{ src: sized(2, 320), width: 320 }, { src: sized(2, 2400), width: 2400 }, { src: "javascript:alert(1)", width: 9000 }] }],
  });
  const currentSrc = (locator) => locator.evaluate(async (img) => {
    img.scrollIntoView();
    await img.decode().catch(() => {});
    return img.currentSrc;
  });
  // <picture>: the format the engine supports wins; unknown ones are skipped.
  const pictured = embed.locator(".ae-body picture img");
  await expect(embed.locator(".ae-body picture source")).toHaveCount(2);
  expect(await currentSrc(pictured)).toMatch(/format=webp$/);
  // Widths: the browser takes the small file for a 343 px column…
  const wide = embed.locator(".ae-body .ae-zoom img").nth(1);
  expect(await currentSrc(wide)).toMatch(/w=400$/);
  // …and for a thumbnail; the hostile candidate is gone.
  const thumb = embed.locator(".ae-gallery__img");
  await expect(thumb).toHaveAttribute("srcset", `${sized(2, 320)} 320w, ${sized(2, 2400)} 2400w`);
  expect(await currentSrc(thumb)).toMatch(/w=320$/);
  // The lightbox shows the largest of each.
  const dialog = page.getByRole("dialog");
  await embed.locator(".ae-body .ae-zoom").nth(1).click();
  await expect(dialog.locator(".ae-lightbox__img")).toHaveAttribute("src", sized(1, 3000));
  await page.keyboard.press("ArrowRight");
  await expect(dialog.locator(".ae-lightbox__img")).toHaveAttribute("src", sized(2, 2400));
});

test("a WordPress gallery block (real CMS output) is a thumbnail grid with captions, in the one lightbox", async ({ page }) => {
  test.skip(!HAS_CORPORA, NO_CORPORA);
  await page.goto("/index.html");
  await page.evaluate((src) => {
    document.querySelector("main").innerHTML = `<h1>A partner's page</h1><article-embed src="${src}"></article-embed>`;
  }, "http://127.0.0.1:4602/corpora/project/wordpress/block-gallery.json");
  const embed = page.locator("article-embed");
  await expect(embed).toHaveAttribute("data-state", "ready");
  const galleries = embed.locator(".ae-body figure.ae-gallery");
  await expect(galleries).toHaveCount(8);
  // Not a column of full-width images: three thumbnails share a row.
  const first = galleries.first().locator(".ae-gallery__thumb");
  const tops = await first.evaluateAll((buttons) => buttons.slice(0, 3).map((b) => Math.round(b.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
  await expect(embed.locator(".ae-body .ae-zoom")).toHaveCount(0);
  // Captions are kept with their photos; links to attachment pages are gone.
  await expect(galleries.first().locator(".ae-gallery__caption").nth(1)).toContainText("Sunburst over the Clinch River");
  await expect(galleries.first().locator("a")).toHaveCount(0);
  // Each photo is a figure whose figcaption is its caption, as in the CMS's
  // markup; a photo without alt text is named by its caption.
  const captioned = galleries.first().locator("li.ae-gallery__item > figure.ae-gallery__figure").nth(1);
  await expect(captioned.locator("> figcaption.ae-gallery__caption")).toContainText("Sunburst over the Clinch River");
  await expect(captioned.locator("> button.ae-gallery__thumb")).toHaveCount(1);
  const unnamed = await embed.locator(".ae-body .ae-gallery__figure").evaluateAll((figures) =>
    figures.filter((f) => f.querySelector("figcaption") && !/:/.test(f.querySelector("button")?.getAttribute("aria-label") ?? ":")).length);
  expect(unnamed, "captioned thumbnails without a name beyond their number").toBe(0);
  // Every thumbnail opens the same lightbox; the same photo in two galleries
  // is one photo.
  const labels = await embed.locator(".ae-body .ae-gallery__thumb").evaluateAll((b) => b.map((x) => x.dataset.aePhoto));
  const total = new Set(labels).size;
  expect(labels.length).toBeGreaterThan(total);
  await first.nth(4).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText(`5 / ${total}`);
  await expect(dialog.locator(".ae-lightbox__caption")).toContainText("Coastline in Huatulco");
  await page.keyboard.press("Escape");
  await expect
    .poll(() => page.evaluate(() => document.querySelector("article-embed").shadowRoot.activeElement?.dataset.aePhoto))
    .toBe("4");
  expect(await axeViolations(page)).toEqual([]);
  await first.nth(1).click();
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText(`2 / ${total}`);
  expect(await axeViolations(page)).toEqual([]);
});
