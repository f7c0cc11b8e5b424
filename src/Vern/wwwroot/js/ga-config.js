// Google Analytics 4 configuration, as Google gives it to paste after gtag.js (an external file
// because the site's Content Security Policy allows no inline script). Blocked until consent.
window.dataLayer = window.dataLayer || [];
function gtag() { dataLayer.push(arguments); }
gtag('js', new Date());
// The measurement id is the one the page loads gtag.js with (Vern:DemoSite:GoogleAnalyticsId), so it is
// configured in one place. GA's client id is the analytics id Vern issued with the visitor id (never the
// visitor id itself, which is the visitor's credential), so an erasure request can ask GA to delete this
// browser's events.
(function () {
  var tag = document.querySelector('script[src^="https://www.googletagmanager.com/gtag/js?"]');
  var id = tag && new URL(tag.src).searchParams.get('id');
  if (id) gtag('config', id, { client_id: ((window.Vern && window.Vern.consent.get()) || {}).analyticsId });
})();
