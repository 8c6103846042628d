// For partner pages using iframe mode: sizes every
// <iframe data-article-embed-frame> to the height its frame reports.
// Messages count only if they come from that iframe's window and origin, and
// the height is clamped, so no other frame or page can resize it.
(() => {
  const MIN = 120;
  const MAX = 30000;
  if (window.__articleEmbedFrames) return;
  window.__articleEmbedFrames = true;
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "article-embed:height" || !Number.isFinite(data.height)) return;
    for (const frame of document.querySelectorAll("iframe[data-article-embed-frame]")) {
      if (event.source !== frame.contentWindow) continue;
      if (event.origin !== new URL(frame.src, location.href).origin) return;
      frame.style.height = Math.min(MAX, Math.max(MIN, Math.round(data.height))) + "px";
      return;
    }
  });
})();
