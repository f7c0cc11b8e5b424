// Google Analytics 4 configuration, as Google gives it to paste after gtag.js (an external file
// because the site's Content Security Policy allows no inline script). Blocked until consent.
window.dataLayer = window.dataLayer || [];
function gtag() { dataLayer.push(arguments); }
gtag('js', new Date());
// GA's client id is the analytics id Vern issued with the visitor id (never the visitor id itself, which is the
// visitor's credential), so an erasure request can ask GA to delete this browser's events.
gtag('config', 'G-DEMO000000', { client_id: ((window.Vern && window.Vern.consent.get()) || {}).analyticsId });
