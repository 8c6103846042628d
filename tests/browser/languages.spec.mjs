// The widget's own words in twelve languages, right-to-left articles, and
// engines without light-dark() or constructable stylesheets.
import { test, expect } from "@playwright/test";
import { API, axeViolations } from "./helpers.mjs";

const embed = "article-embed";
const text = (locator) => locator.evaluate((el) => el.textContent.replace(/[\u00a0\u202f]/g, " "));

// CLDR cardinal categories per language, as src/i18n.rs's tests list them,
// and the word each count gets (one count per category).
const PLURALS = {
  en: { categories: ["one", "other"], words: [[1, "view"], [5, "views"]] },
  ru: { categories: ["few", "many", "one", "other"], words: [[21, "просмотр"], [3, "просмотра"], [11, "просмотров"]] },
  de: { categories: ["one", "other"], words: [[1, "Aufruf"], [2, "Aufrufe"]] },
  fr: { categories: ["many", "one", "other"], words: [[1, "vue"], [2, "vues"]] },
  es: { categories: ["many", "one", "other"], words: [[1, "visita"], [7, "visitas"]] },
  it: { categories: ["many", "one", "other"], words: [[1, "visualizzazione"], [3, "visualizzazioni"]] },
  pt: { categories: ["many", "one", "other"], words: [[1, "visualização"], [4, "visualizações"]] },
  uk: { categories: ["few", "many", "one", "other"], words: [[1, "перегляд"], [2, "перегляди"], [5, "переглядів"]] },
  tr: { categories: ["one", "other"], words: [[1, "görüntülenme"], [8, "görüntülenme"]] },
  ar: { categories: ["few", "many", "one", "other", "two", "zero"], words: [[0, "مشاهدة"], [1, "مشاهدة"], [2, "مشاهدتان"], [3, "مشاهدات"], [11, "مشاهدة"], [100, "مشاهدة"]] },
  zh: { categories: ["other"], words: [[6, "次浏览"]] },
  ja: { categories: ["other"], words: [[6, "回閲覧"]] },
};

test("every language's words cover the plural categories this engine's Intl gives it", async ({ page }) => {
  await page.goto("/index.html");
  const engine = await page.evaluate((langs) =>
    Object.fromEntries(langs.map((l) => [l, new Intl.PluralRules(l).resolvedOptions().pluralCategories.sort()])), Object.keys(PLURALS));
  for (const [lang, { categories }] of Object.entries(PLURALS)) expect(engine[lang], lang).toEqual(categories);

  const cases = Object.entries(PLURALS).flatMap(([lang, { words }]) => words.map(([n, word]) => [lang, n, word]));
  await page.evaluate(({ cases, api }) => {
    document.querySelector("main").innerHTML = cases
      .map(([lang, n]) => `<article-embed layout="card" lang="${lang}" src="${api}/variant/seed.json?views=${n}"></article-embed>`)
      .join("");
  }, { cases, api: API });
  await expect(page.locator(`${embed}[data-state="ready"]`)).toHaveCount(cases.length, { timeout: 30_000 });
  for (let i = 0; i < cases.length; i++) {
    const [lang, n, word] = cases[i];
    const shown = await text(page.locator(embed).nth(i).locator(".ae-views"));
    expect(shown.endsWith(` ${word}`), `${lang} ${n}: "${shown}"`).toBe(true);
  }
  // The source link speaks the language too; unknown languages fall back to English words.
  await page.evaluate((api) => {
    document.querySelector("main").innerHTML =
      `<article-embed id="de" lang="de" src="${api}/variant/seed.json"></article-embed>` +
      `<article-embed id="nl" lang="nl" src="${api}/variant/seed.json?views=2"></article-embed>`;
  }, API);
  await expect(page.locator("#de .ae-source")).toContainText("Auf der Website des Verlags lesen");
  await expect(page.locator("#de time")).toHaveText("29. August 2021");
  await expect(page.locator("#nl .ae-source")).toContainText("Read on the publisher’s site");
  await expect(page.locator("#nl time")).toHaveText("29 augustus 2021");
});

test("an Arabic article reads right to left: layout, lightbox arrows, Intl digits; a mixed title stays readable", async ({ page }, info) => {
  await page.goto("/index.html");
  await page.evaluate((api) => {
    document.querySelector("main").innerHTML =
      `<article-embed id="ar" src="${api}/variant/seed.json?lang=ar&views=3&title=${encodeURIComponent("افتتاح آسيا لروسيا: Asia 2021")}"></article-embed>`;
  }, API);
  const ar = page.locator("#ar");
  await expect(ar).toHaveAttribute("data-state", "ready");
  await expect(ar.locator(".ae-content")).toHaveAttribute("dir", "rtl");
  await expect(ar.locator(".ae-title")).toHaveAttribute("dir", "auto");
  expect(await ar.locator(".ae-meta").evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
  expect(await text(ar.locator(".ae-views"))).toMatch(/مشاهدات$/);
  await expect(ar.locator(".ae-source")).toContainText("اقرأ على موقع الناشر");
  // Logical properties: the first rubric sits at the right, the text starts at the right.
  const pills = await ar.locator(".ae-rubric").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().x));
  expect(pills[0]).toBeGreaterThan(pills[1]);
  await page.screenshot({ path: info.outputPath("arabic.png"), fullPage: false });

  await ar.locator(".ae-zoom").first().focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("1 / 9");
  // The previous-photo button is on the right, and the left arrow goes forward.
  const prev = await dialog.locator(".ae-lightbox__nav--prev").boundingBox();
  const next = await dialog.locator(".ae-lightbox__nav--next").boundingBox();
  expect(prev.x).toBeGreaterThan(next.x);
  await expect(dialog.locator(".ae-lightbox__nav--prev")).toHaveText("›");
  await page.keyboard.press("ArrowLeft");
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("2 / 9");
  await page.keyboard.press("ArrowRight");
  await expect(dialog.locator(".ae-lightbox__counter")).toHaveText("1 / 9");
  expect(await axeViolations(page)).toEqual([]);
});

test("without light-dark(), the light palette; without constructable stylesheets, a style element", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/index.html");
  const root = page.locator(`${embed} .ae`);
  await expect(page.locator(embed)).toHaveAttribute("data-state", "ready");
  const colours = () => root.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
  // This engine has light-dark(): the reader's dark scheme applies.
  expect(await colours()).toEqual(["rgb(18, 20, 24)", "rgb(232, 235, 240)"]);
  // An engine without it drops the @supports block: simulate that.
  await page.locator(embed).evaluate((host) => {
    const sheet = host.shadowRoot.adoptedStyleSheets[0];
    const index = [...sheet.cssRules].findIndex((r) => r instanceof CSSSupportsRule && r.conditionText.includes("light-dark"));
    sheet.deleteRule(index);
  });
  expect(await colours()).toEqual(["rgb(255, 255, 255)", "rgb(20, 23, 28)"]);
  expect(await page.locator(`${embed} .ae-source`).evaluate((el) => getComputedStyle(el).color)).toBe("rgb(11, 87, 184)");

  // No constructable stylesheets (Safari < 16.4): the same CSS in a <style>.
  const legacy = await page.context().newPage();
  await legacy.addInitScript(() => {
    window.CSSStyleSheet = function () {
      throw new TypeError("Illegal constructor");
    };
  });
  await legacy.goto("/index.html");
  await expect(legacy.locator(embed)).toHaveAttribute("data-state", "ready");
  expect(await legacy.locator(embed).evaluate((host) => host.shadowRoot.querySelectorAll("style").length)).toBe(1);
  expect(await legacy.locator(`${embed} .ae-title`).evaluate((el) => getComputedStyle(el).fontWeight)).toBe("800");
});
