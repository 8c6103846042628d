// The <article-embed> custom element. Its lifecycle callbacks hand the element
// to the wasm side, which owns rendering; this file only wires the platform.
// Shipped by wasm-bindgen as a module file (a "snippet"): no inline script.
export function defineArticleEmbed(connect, disconnect) {
  if (customElements.get("article-embed")) return false;
  class ArticleEmbed extends HTMLElement {
    static get observedAttributes() {
      return ["src", "lang", "theme", "layout", "timeout"];
    }
    connectedCallback() {
      connect(this);
    }
    disconnectedCallback() {
      disconnect(this);
    }
    attributeChangedCallback(_name, oldValue, newValue) {
      // Before the first connect the attributes are read by connect itself.
      if (this.isConnected && oldValue !== newValue) {
        disconnect(this);
        connect(this);
      }
    }
  }
  customElements.define("article-embed", ArticleEmbed);
  return true;
}
