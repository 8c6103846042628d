// What a reader sees of the seed article in the demo page (dist/index.html).
import { test, expect } from "@playwright/test";
import { API, axeViolations, layoutShiftScore, recordLayoutShifts, waitForState } from "./helpers.mjs";

const embed = "article-embed";

test("shows the seed article: headline, date, rubrics, lead, body, views, source link", async ({ page, request }) => {
  // The front page reads the seed through the publisher's server, which
  // counts the readers of other tests too: the CMS's 47, then theirs.
  const stored = async () => (await (await request.get("/publisher/api/articles/seed")).json()).views;
  const before = await stored();
  expect(before).toBeGreaterThanOrEqual(47);
  await page.goto("/index.html");
  await waitForState(page, "ready");
  const root = page.locator(embed);
  const shown = Number((await root.locator(".ae-views").textContent()).match(/^(\d+) views$/)?.[1]);
  expect(shown).toBeGreaterThanOrEqual(before);
  expect(shown).toBeLessThanOrEqual(await stored());
  await expect(root.getByRole("heading", { level: 2 })).toHaveText("Opening Asia for Russia");
  await expect(root.locator("time")).toHaveText("August 29, 2021");
  await expect(root.locator(".ae-rubric")).toHaveText(["Economy and business", "Science and education", "Partner news"]);
  await expect(root.locator(".ae-lead")).toContainText("Strategic communications between China and Russia");
  const paragraphs = root.locator(".ae-body p");
  expect(await paragraphs.count()).toBeGreaterThan(40);
  await expect(paragraphs.last()).toContainText("There is no single correct path");
  await expect(root.locator(".ae-source")).toHaveAttribute("href", "https://publisher.example/news/opening-asia-for-russia/");
  await expect(root.locator(".ae-source")).toHaveAttribute("rel", "noopener noreferrer");
  // The fallback link the partner put inside the element is no longer shown.
  await expect(page.locator("article-embed > a")).toBeHidden();
});

test("repairs the CMS's broken tags without touching ordinary text", async ({ page }) => {
  await page.goto("/index.html");
  await waitForState(page, "ready");
  const body = page.locator(`${embed} .ae-body`);
  await expect(body).not.toContainText("< /b>");
  await expect(body).not.toContainText("< img");
  const bold = body.locator("b").first();
  await expect(bold).toHaveText("Chinese President Xi Jinping and Russian President Vladimir Putin ");
  await expect(body.locator("b", { hasText: "August 25" })).toHaveCount(0);
  await expect(body.locator("b").nth(1)).toHaveText("Mentioning World War II again, Jiang Yi");
  // The broken `< img …>` became an image, resolved against the JSON's URL.
  const repaired = body.locator('img[alt="Russia China Negotiations 2.jpg"]');
  await expect(repaired).toHaveAttribute("src", /^http:\/\/127\.0\.0\.1:4601\/upload\/medialibrary\/4cd\/4cd7dc0b/);
  await expect(repaired).toHaveAttribute("loading", "lazy");
});

test("each of the nine photos shows once, in the text, all load, and nothing shifts", async ({ page }) => {
  await recordLayoutShifts(page);
  await page.goto("/index.html");
  await waitForState(page, "ready");
  // images[] lists the same nine photos the body shows: no second copy in a grid.
  await expect(page.locator(`${embed} .ae-gallery`)).toHaveCount(0);
  const photos = page.locator(`${embed} .ae-body .ae-zoom img`);
  await expect(photos).toHaveCount(9);
  const sources = await photos.evaluateAll((imgs) => imgs.map((i) => i.src));
  expect(new Set(sources).size).toBe(9);
  // Scroll through the whole article so every photo loads.
  for (let y = 0; y < 20; y++) {
    await page.mouse.wheel(0, 900);
    await page.waitForTimeout(60);
  }
  await expect
    .poll(() => photos.evaluateAll((imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length), { timeout: 15_000 })
    .toBe(9);
  await page.waitForTimeout(500);
  expect(await layoutShiftScore(page)).toBe(0);
  // Each keeps its own size: never wider than its intrinsic width.
  const oversized = await photos.evaluateAll((imgs) => imgs.filter((i) => i.getBoundingClientRect().width > i.naturalWidth + 1).length);
  expect(oversized).toBe(0);
});

test("lightbox works from the keyboard and gives focus back", async ({ page }) => {
  await page.goto("/index.html");
  await waitForState(page, "ready");
  const thumb = page.locator(`${embed} .ae-zoom`).nth(2);
  await expect(thumb).toHaveAccessibleName(/^Photo 3 of 9: /);
  await thumb.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Photo viewer" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute("aria-modal", "true");
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("3 / 9");
  await expect(dialog.locator(".ae-lightbox__caption")).not.toBeEmpty();
  // Focus moved into the dialog.
  expect(await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.className)).toContain("ae-lightbox__close");
  await page.keyboard.press("ArrowRight");
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("4 / 9");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("2 / 9");
  await dialog.getByRole("button", { name: "Next photo" }).click();
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("3 / 9");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // Focus returns to the thumbnail of the photo last shown.
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute("aria-label")))
    .toMatch(/^Photo 3 of 9/);
  // Close button and wrap-around.
  await page.locator(`${embed} .ae-zoom`).nth(8).click();
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("9 / 9");
  await page.keyboard.press("ArrowRight");
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("1 / 9");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
});

test("English and Russian wording come from Intl", async ({ page }) => {
  const cases = [
    ["en", 1, "1 view"],
    ["en", 47, "47 views"],
    ["en", 1234, "1,234 views"],
    ["en", 1_200_000, "1.2M views"],
    ["ru", 21, "21 просмотр"],
    ["ru", 3, "3 просмотра"],
    ["ru", 47, "47 просмотров"],
    ["ru", 1_200_000, "1,2 млн просмотров"],
  ];
  const html = cases
    .map(([lang, views]) => `<article-embed lang="${lang}" src="${API}/variant/seed.json?views=${views}"></article-embed>`)
    .join("");
  await page.goto("/index.html");
  await page.evaluate((html) => {
    document.querySelector("main").innerHTML = html;
  }, html);
  for (let i = 0; i < cases.length; i++) {
    await expect(page.locator(embed).nth(i)).toHaveAttribute("data-state", "ready");
    const views = page.locator(embed).nth(i).locator(".ae-views");
    // Intl puts (narrow) no-break spaces inside numbers; compare as a reader reads.
    await expect.poll(() => views.evaluate((el) => el.textContent.replace(/[\u00a0\u202f]/g, " "))).toBe(cases[i][2]);
  }
  const ru = page.locator(embed).nth(4);
  await expect(ru.locator("time")).toHaveText("29 августа 2021 г.");
  await expect(ru.locator(".ae-updated")).toHaveCount(0);

  await expect(ru.locator(".ae-source")).toContainText("Читать на сайте издания");

  // A later update is shown beside the date; a same-day one is not news.
  await page.evaluate((api) => {
    document.querySelector("main").innerHTML =
      `<article-embed id="later" src="${api}/variant/seed.json?updated_at=2021-09-02T08:00:00%2B03:00"></article-embed>` +
      `<article-embed id="same" lang="ru" src="${api}/variant/seed.json?updated_at=2021-08-29T23:00:00%2B03:00"></article-embed>`;
  }, API);
  await expect(page.locator("#later .ae-updated")).toHaveText("Updated September 2, 2021");
  await expect(page.locator("#same")).toHaveAttribute("data-state", "ready");
  await expect(page.locator("#same .ae-updated")).toHaveCount(0);
});

test("a failing source shows a readable error with Try again", async ({ page }) => {
  await page.goto("/index.html");
  await page.evaluate((api) => {
    document.querySelector("main").innerHTML = `<article-embed src="${api}/no-such-article.json"><a href="https://publisher.example/">Read it on the publisher's site</a></article-embed>`;
  }, API);
  await waitForState(page, "error");
  const alert = page.locator(embed).getByRole("alert");
  await expect(alert).toContainText("The article could not be loaded");
  await expect(alert).toContainText("404");
  await expect(alert.getByRole("button", { name: "Try again" })).toBeVisible();
  // The partner's fallback link is still offered.
  await expect(page.getByRole("link", { name: "Read it on the publisher's site" })).toBeVisible();
});

test("no accessibility violations in the article and in the open lightbox", async ({ page }) => {
  await page.goto("/index.html");
  await waitForState(page, "ready");
  expect(await axeViolations(page)).toEqual([]);
  await page.locator(`${embed} .ae-zoom`).first().click();
  await expect(page.getByRole("dialog")).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});

test("no accessibility violations in dark theme, card layout and the error state", async ({ page }) => {
  await page.goto("/index.html");
  await page.evaluate((api) => {
    document.querySelector("main").innerHTML = `<h1>Embeds</h1>
      <article-embed theme="dark" src="${api}/variant/seed.json"></article-embed>
      <article-embed theme="light" layout="card" src="${api}/variant/seed.json"></article-embed>
      <article-embed theme="dark" src="${api}/missing.json"><a href="https://publisher.example/">Read it on the publisher's site</a></article-embed>`;
  }, API);
  await expect(page.locator("article-embed").nth(0)).toHaveAttribute("data-state", "ready");
  await expect(page.locator("article-embed").nth(1)).toHaveAttribute("data-state", "ready");
  await expect(page.locator("article-embed").nth(2)).toHaveAttribute("data-state", "error");
  expect(await axeViolations(page)).toEqual([]);
});

test("reduced motion turns the skeleton's animation off", async ({ page }) => {
  const pulse = async () => {
    await page.goto("/index.html");
    await page.evaluate((api) => {
      document.querySelector("main").innerHTML = `<article-embed src="${api}/slow.json?ms=3000&id=${Date.now()}"></article-embed>`;
    }, API);
    const skeleton = page.locator("article-embed .ae-skeleton");
    await expect(skeleton.locator(".ae-skeleton__line").first()).toBeVisible();
    // The skeleton pulses as one; none of its shapes has an animation of its own.
    const shapes = await skeleton.locator("[aria-hidden] *, [aria-hidden]").evaluateAll((els) =>
      els.map((el) => getComputedStyle(el).animationName).filter((name) => name !== "none"));
    expect(shapes).toEqual([]);
    return skeleton.evaluate((el) => getComputedStyle(el).animationName);
  };
  expect(await pulse()).toBe("ae-pulse");
  await page.emulateMedia({ reducedMotion: "reduce" });
  expect(await pulse()).toBe("none");
});
