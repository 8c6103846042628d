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
