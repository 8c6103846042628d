// iframe mode: frame.html?src=<article json>&theme=&lang=&layout=&timeout=
// renders one <article-embed> and tells the parent page its height, which
// the parent (frame-parent.js) checks and applies.
const params = new URLSearchParams(location.search);
const embed = document.createElement("article-embed");
for (const name of ["src", "theme", "lang", "layout", "timeout"]) {
  const value = params.get(name);
  if (value !== null) embed.setAttribute(name, value);
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
