// iframe mode: frame.html?src=<article>&theme=&lang=&layout=&timeout=&format=&item=
// (&accent=&radius=&font= from the snippet builder)
// renders one <article-embed> and tells the parent page its height, which
// the parent (frame-parent.js) checks and applies.
const params = new URLSearchParams(location.search);
const embed = document.createElement("article-embed");
for (const name of ["src", "theme", "lang", "layout", "timeout", "format", "item"]) {
  const value = params.get(name);
  if (value !== null) embed.setAttribute(name, value);
}
// The look the snippet builder chose: custom properties, set through the
// CSSOM (the frame's CSP allows no inline style).
const look = { accent: ["--ae-color-accent"], radius: ["--ae-radius", "px"], font: ["--ae-font-body", "", "--ae-font-heading"] };
for (const [name, [property, unit = "", also]] of Object.entries(look)) {
  const value = params.get(name);
  if (value === null || !/^[#\w\s,.'"-]{1,100}$/.test(value)) continue;
  embed.style.setProperty(property, value + unit);
  if (also) embed.style.setProperty(also, value);
}
document.querySelector("main").append(embed);

let last = 0;
const report = () => {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height !== last && window.parent !== window) {
    last = height;
    // The height is not secret, so any parent may read it.
    window.parent.postMessage({ type: "article-embed:height", height }, "*");
  }
};
new ResizeObserver(report).observe(document.documentElement);
await import("./embed.js");
