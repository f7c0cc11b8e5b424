// Google Analytics 4 configuration, as Google gives it to paste after gtag.js (an external file
// because the site's Content Security Policy allows no inline script). Blocked until consent.
window.dataLayer = window.dataLayer || [];
function gtag() { dataLayer.push(arguments); }
gtag('js', new Date());
gtag('config', 'G-DEMO000000');
