// Attack inputs for the body allowlist and every text and URL field. Each
// payload, if it ever ran, would call pwn() or alert(), which the test traps.
export const BODY_ATTACKS = [
  `<script>pwn("script")</script>`,
  `<SCRIPT SRC=data:text/javascript,pwn("src")></SCRIPT>`,
  `<scr<script>ipt>pwn("split")</script>`,
  `<img src=x onerror=pwn("onerror")>`,
  `<img src="/x.jpg" onload="pwn('onload')">`,
  `<p onclick="pwn('onclick')" onmouseover="pwn('over')">hover</p>`,
  `<body onload=pwn("body")>`,
  `<a href="javascript:pwn('js')">js link</a>`,
  `<a href="JaVaScRiPt:pwn('case')">case</a>`,
  `<a href=" &#14;  javascript:pwn('ctrl')">control chars</a>`,
  `<a href="java&#x09;script:pwn('tab')">tab entity</a>`,
  `<a href="java\nscript:pwn('newline')">newline</a>`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;pwn('entities')">entities</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5wd24oJ2RhdGEnKTwvc2NyaXB0Pg==">data link</a>`,
  `<a href="vbscript:pwn('vb')">vbscript</a>`,
  `<img src="javascript:pwn('imgjs')">`,
  `<img src="data:image/svg+xml,<svg onload=pwn('svgdata')>">`,
  `<svg><script>pwn("svg script")</script></svg>`,
  `<svg onload=pwn("svg onload")><circle r=1 /></svg>`,
  `<svg><a xlink:href="javascript:pwn('xlink')"><text y=20>x</text></a></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=pwn("mathml")></style></mglyph></table></mtext></math>`,
  // MathML is kept now (MathML Core, markup/math.rs): the known namespace-
  // confusion and link vectors of sanitizer bypasses.
  `<math><annotation-xml encoding="text/html"><img src=x onerror=pwn("annotation-xml")></annotation-xml></math>`,
  `<math><semantics><mi>x</mi><annotation-xml encoding="application/xhtml+xml"><a href="javascript:pwn('axml-link')">x</a></annotation-xml></semantics></math>`,
  `<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=pwn('mxss-math')>"></style></mtext></svg></mglyph></h1></mtext></math>`,
  `<math href="javascript:pwn('math-href')"><mi>click</mi></math>`,
  `<math><mi xlink:href="javascript:pwn('xlink-mi')">x</mi></math>`,
  `<math><maction actiontype="statusline" xlink:href="javascript:pwn('maction')"><mtext>x</mtext><mtext>y</mtext></maction></math>`,
  `<math><mglyph src="https://evil.example/track.png" alt="x"/></math>`,
  `<math><mi style="background:url(https://evil.example/bg.png)" onclick="pwn('mi')">x</mi></math>`,
  `<math><mspace width="1em;background:url(https://evil.example/w.png)"/></math>`,
  `<math><mtext><svg><script>pwn("mtext-svg")</script></svg></mtext></math>`,
  `<span class="katex"><span class="katex-html"><img src=x onerror=pwn("katex")></span></span>`,
  `<mjx-container><mjx-assistive-mml><math><mi onmouseover="pwn('mjx')">x</mi></math></mjx-assistive-mml></mjx-container>`,
  `<svg></p><style><a id="</style><img src=1 onerror=pwn('mxss-svg')>">`,
  `<noscript><p title="</noscript><img src=x onerror=pwn('noscript')>"></noscript>`,
  `<xmp><img src=x onerror=pwn("xmp")></xmp>`,
  `<!--<img src=x onerror=pwn("comment")>-->`,
  `<![CDATA[<img src=x onerror=pwn("cdata")>]]>`,
  `<form id="ae"><input name="attributes"></form><img name="cookie" id="body">`,
  // The body is walked in JavaScript (src/element.js parseFlat): a form's
  // controls answer for its own properties, and named images and forms
  // for the parsed document's.
  `<form><input name="firstChild"><input name="nextSibling"><input name="nodeType"><input name="localName"><input name="namespaceURI"><input name="textContent"><input name="childNodes">clobbered form</form>`,
  `<img name="body"><form name="body"><input name="attributes"></form><embed name="body">`,
  `<a id="location" href="https://evil.example/">clobber</a><a id="location" name="href">x</a>`,
  `<p style="background:url(javascript:pwn('style'))">styled</p>`,
  `<style>@import "https://evil.example/x.css"; *{background:url(javascript:pwn('css'))}</style>`,
  `<div style="position:fixed;inset:0;z-index:2147483647;background:red">overlay</div>`,
  `<base href="https://evil.example/">`,
  `<meta http-equiv="refresh" content="0;url=javascript:pwn('meta')">`,
  `<form action="javascript:pwn('form')"><button>submit</button></form>`,
  `<iframe src="javascript:pwn('iframe')"></iframe>`,
  `<iframe srcdoc="<script>parent.pwn('srcdoc')</script>"></iframe>`,
  `<object data="javascript:pwn('object')"></object>`,
  `<embed src="javascript:pwn('embed')">`,
  `<template><img src=x onerror=pwn("template")></template>`,
  `<textarea><img src=x onerror=pwn("textarea")></textarea>`,
  `<select><option><img src=x onerror=pwn("select")></option></select>`,
  `<my-widget onclick="pwn('custom')"><script>pwn("custom inner")</script></my-widget>`,
  `<article-embed src="https://evil.example/a.json"></article-embed>`,
  `<img src=x onerror=pwn("unclosed" `,
  `<<img src=x onerror=pwn("double lt")>`,
  `< img src=x onerror=pwn("cms-shaped")>`,
  `< img alt="x" src="javascript:pwn('cms js')">`,
  `<a href="https://ok.example/" target="_self" rel="opener">opener</a>`,
  `<details open ontoggle=pwn("toggle")><summary>s</summary></details>`,
  `<video><source onerror=pwn("video")></video>`,
  `<isindex action="javascript:pwn('isindex')">`,
  `<link rel="import" href="data:text/html,<script>pwn('import')</script>">`,
  // The long-form surface: media, tables, disclosure, fragments, alignment.
  `<video poster="javascript:pwn('poster')" src="javascript:pwn('vsrc')" onplay=pwn("onplay") autoplay></video>`,
  `<video src="https://media.example/v.mp4" poster="data:image/svg+xml,<svg onload=pwn('posterdata')>"><source src="javascript:pwn('source')" type="video/mp4"><track src="javascript:pwn('track')"></video>`,
  `<audio src="vbscript:pwn('audio')" onloadstart=pwn("audioload")><source src=" java	script:pwn('asrc')"></audio>`,
  `<table background="javascript:pwn('background')"><tr><td background="javascript:pwn('tdbg')" colspan="99999999999" rowspan="-5" style="background:url(javascript:pwn('tdstyle'))">cell</td></tr></table>`,
  `<table><tr><td><table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table></td></tr></table>`,
  `<iframe src="https://www.youtube.com/embed/x" srcdoc="<script>parent.pwn('srcdoc2')</script>" onload=pwn("iframeload")></iframe>`,
  `<form><button formaction="javascript:pwn('formaction')">go</button></form>`,
  `<details open ontoggle=pwn("toggle2")><summary onclick=pwn("summary")>s</summary>${"<details open>".repeat(60)}deep${"</details>".repeat(60)}</details>`,
  `<img class="alignleft" style="float:left;behavior:url(x.htc);background:url(javascript:pwn('alignstyle'))" src="/a.jpg">`,
  `<p style="text-align:expression(pwn('expr'))" align="javascript:pwn('align')">aligned</p>`,
  `<figure class="wp-block-embed alignfull"><div class="wp-block-embed__wrapper">javascript:pwn('embedblock')</div></figure>`,
  `<p>https://www.youtube.com/watch?v=x" onmouseover="pwn('bareurl')</p>`,
  `<a href="#constructor" id="__proto__">proto</a><a href="#location" name="location">loc</a><p id="location">target</p>`,
  `<a href="#x&quot;]{}*{background:red}" id="x&quot;">selector</a>`,
  `<abbr title='"><img src=x onerror=pwn("abbr")>'>A</abbr><time datetime='"onmouseover=pwn("time")'>t</time>`,
  `<ol start="javascript:pwn('start')" type="<script>"><li value="1e999">x</li></ol>`,
  `<object data="https://www.youtube.com/v/x" type="application/x-shockwave-flash"><param name="allowScriptAccess" value="always"></object>`,
  `<embed src="data:text/html,<script>pwn('embeddata')</script>">`,
  `<picture><source srcset="javascript:pwn('srcset')"><img src="/p.jpg" srcset="javascript:pwn('imgsrcset') 2x"></picture>`,
  `<img src="/p.jpg" srcset="/ok.jpg 1x, javascript:pwn('mixed') 2x, data:image/svg+xml,<svg onload=pwn('svgset')> 3x, /w,x.jpg 4x" sizes="100vw;pwn('sizes')">`,
  `<img src="data:image/gif;base64,R0lGOD" data-src="javascript:pwn('datasrc')" data-srcset="javascript:pwn('datasrcset') 2x">`,
  // Data in URL attributes (issue 15): never requested as a relative URL.
  `<img src="/p.jpg" data-src='{"src":"javascript:pwn(1)","w":800}' data-lazy-src="/img/{width}/x.jpg" alt="data">`,
  `<a href='{"href":"javascript:pwn(2)"}'>json href</a>`,
  `<img src="/a.jpg" srcset="/b.jpg\" onerror=pwn(3) 2x">`,
  `<picture><source media="all} body{background:url(javascript:pwn('media'))" srcset="/m.webp"><source type='image/webp" onerror="pwn(1)' srcset="/t.webp"><source type="text/html" srcset="/h.html"><source srcset="/ok.avif" type="image/avif" media="(min-width: 1px)"><img src="/pic.jpg" alt="pic" onerror=pwn("picimg")></picture>`,
  `<figure class="wp-block-gallery"><figure><a href="javascript:pwn('gallerylink')"><img src="/g1.jpg" alt='"><script>pwn(1)</script>'></a><figcaption><a href="javascript:pwn('gcap')">cap</a><img src=x onerror=pwn("gcapimg")></figcaption></figure><figure><img src="javascript:pwn('gsrc')"></figure><figcaption onclick=pwn("gallerycap")>gallery <b>caption</b></figcaption></figure>`,
  `<div class="gallery" onmouseover=pwn("galldiv")><dl><dt><a href="/g2.jpg"><img src="/g2.jpg" srcset="/g2-big.jpg 2000w, vbscript:x 10w"></a></dt><dd><script>pwn("dd")</script>dd caption</dd></dl></div>`,
  `<p><img src="/r1.jpg"><img src="/r2.jpg"> <img src="/r3.jpg" style="position:fixed;inset:0"></p>`,
];

// Vectors that leave the parser's structure open, so that everything after
// them is swallowed into the formula (and dropped with it): the tests put
// them after the body's end marker, where they swallow nothing else.
export const SWALLOWING_ATTACKS = [
  `<form><math><mtext></form><form><mglyph><style></math><img src onerror=pwn("form-mglyph")>`,
  `<math><mtext><table><tr><td><mglyph><style><img src=x onerror=pwn("mglyph-table")>`,
];

/**
 * Markup arriving as XML children of a feed's text field (unescaped, not
 * CDATA: read as the HTML it is, formats::MARKUP_FIELDS), so well-formed
 * XML: handlers and `javascript:` URLs as XML attributes, script in no
 * namespace, in XHTML's and SVG's, an XHTML `<script>` as Atom content,
 * elements XML closes as `<iframe/>` (which HTML would read as swallowing
 * the rest), a style that would load, and a nesting past the feed's depth
 * limit.
 */
export const XML_CHILD_ATTACKS = [
  `<p onclick="pwn('xml onclick')" onmouseover="pwn('xml over')">hover</p>`,
  `<img src="x" onerror="pwn('xml onerror')"/>`,
  `<a href="javascript:pwn('xml js')">js link</a>`,
  `<a href=" JaVaScRiPt:pwn('xml case')">case</a>`,
  `<script>pwn('xml script')</script>`,
  `<h:script xmlns:h="http://www.w3.org/1999/xhtml">pwn('xhtml script')</h:script>`,
  `<div xmlns="http://www.w3.org/1999/xhtml"><script>pwn('xhtml default script')</script><img src="x" onerror="pwn('xhtml img')"/></div>`,
  `<svg xmlns="http://www.w3.org/2000/svg" onload="pwn('xml svg')"><script>pwn('svg script')</script></svg>`,
  `<iframe src="javascript:pwn('xml iframe')"/>`,
  `<object data="javascript:pwn('xml object')"/>`,
  `<textarea/>`,
  `<style>p { background: url(https://evil.example/x.png) }</style>`,
  `<blockquote class="twitter-tweet"><p>post <a href="javascript:pwn('post link')">x</a></p></blockquote><script src="https://platform.twitter.com/widgets.js"/>`,
  `<script data-telegram-post="x/1" src="javascript:pwn('telegram')"/>`,
  `<p>${"<b>".repeat(300)}deep${"</b>".repeat(300)}</p>`,
].join("");

/** Payloads for single-line text fields: must show as literal text. */
export const TEXT_ATTACKS = [
  `<img src=x onerror=pwn("text")>`,
  `<script>pwn("text script")</script>`,
  `"><svg onload=pwn("attr break")>`,
  `javascript:pwn('text js')`,
];

/** Payloads for URL fields: must never become a link or source. */
export const URL_ATTACKS = [
  `javascript:pwn('url')`,
  ` JAVASCRIPT:pwn('url case')`,
  `java\tscript:pwn('url tab')`,
  `data:text/html,<script>pwn('url data')</script>`,
  `vbscript:pwn('url vb')`,
];
