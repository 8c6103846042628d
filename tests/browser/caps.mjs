// The articles at the widget's caps, which the hardening suite renders under
// a heartbeat (hardening.spec.mjs) and scripts/caps-profile.mjs traces.

/** A contract article with `body` as its body. */
export const article = (body) =>
  JSON.stringify({
    id: "caps",
    url: "https://publisher.example/news/caps",
    title: "Caps",
    published_at: "2021-08-29T10:15:00+03:00",
    body_html: body,
  });

export const CAPS = {
  "50 000 images": () => article(Array.from({ length: 50_000 }, (_, i) => `<img src="/i/${i}.jpg" alt="${i}">`).join("")),
  "a 5 000-photo gallery": () =>
    article(`<figure class="wp-block-gallery">${Array.from({ length: 5_000 }, (_, i) => `<figure><img src="/g/${i}.jpg" alt="${i}"></figure>`).join("")}</figure>`),
  "40 000 paragraphs": () => article(Array.from({ length: 40_000 }, (_, i) => `<p>Paragraph ${i}</p>`).join("")),
  // Under the 8 MB answer cap; the browser lays a paragraph out in one go.
  "a 7 MB paragraph": () => article(`<p>${"word ".repeat(1_400_000)}</p>`),
  "10 000 footnotes and their links": () =>
    article(Array.from({ length: 5_000 }, (_, i) => `<p><a href="#fn${i}">${i}</a></p>`).join("") + Array.from({ length: 5_000 }, (_, i) => `<p id="fn${i}">Note ${i}</p>`).join("")),
};
