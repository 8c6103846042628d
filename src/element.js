// The <article-embed> custom element. Its lifecycle callbacks hand the element
// to the wasm side, which owns rendering; this file only wires the platform.
// Shipped by wasm-bindgen as a module file (a "snippet"): no inline script.
export function defineArticleEmbed(connect, disconnect) {
  if (customElements.get("article-embed")) return false;
  class ArticleEmbed extends HTMLElement {
    static get observedAttributes() {
      return ["src", "lang", "theme", "layout", "timeout", "format", "item"];
    }
    connectedCallback() {
      this.__aeMounted = true;
      connect(this);
    }
    disconnectedCallback() {
      this.__aeMounted = false;
      disconnect(this);
    }
    attributeChangedCallback(_name, oldValue, newValue) {
      // On upgrade, attribute callbacks come before connectedCallback, which
      // reads every attribute itself: only a mounted element reloads.
      if (this.__aeMounted && oldValue !== newValue) {
        disconnect(this);
        connect(this);
      }
    }
  }
  customElements.define("article-embed", ArticleEmbed);
  return true;
}

// The body up to `cap` bytes, or the bytes known of once past it (src/api.rs).
export async function readCapped(response, cap) {
  const declared = Number(response.headers.get("content-length"));
  if (declared > cap) return declared;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > cap) {
      reader.cancel().catch(() => {});
      return total;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
