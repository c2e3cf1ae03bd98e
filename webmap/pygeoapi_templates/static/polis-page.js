/*
 * Every OGC API HTML page of Polis (webmap/pygeoapi_templates/_base.html).
 *
 * - The language links (Ελληνικά / English) keep the page's other query parameters.
 * - The page's JSON-LD representation, when the page advertises one, is embedded for
 *   search engines, as pygeoapi's own pages do.
 */
(function () {
  'use strict';

  function languageLinks() {
    var links = document.querySelectorAll('a[data-polis-lang]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(window.location.href);
      url.searchParams.set('lang', link.getAttribute('data-polis-lang'));
      link.href = url.pathname + url.search + url.hash;
    });
  }

  function embedJsonLd() {
    var alternate = document.querySelector('link[rel="alternate"][type="application/ld+json"]');
    if (!alternate) { return; }
    fetch(alternate.href, { headers: { Accept: 'application/ld+json' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (!text) { return; }
        var block = document.createElement('script');
        block.type = 'application/ld+json';
        block.textContent = text;
        document.head.appendChild(block);
      })
      .catch(function () { /* no JSON-LD: the page is complete without it */ });
  }

  document.addEventListener('DOMContentLoaded', function () {
    languageLinks();
    embedJsonLd();
  });
}());
