// Turns /api into Scalar's interactive reference of the OpenAPI document (an external file because the
// Content Security Policy allows no inline script). The settings keep every request on Vern's origin:
// no web fonts from Scalar's CDN, no telemetry, no AI agent or MCP service, no developer toolbar.
(function () {
  'use strict';
  var root = document.getElementById('reference');
  document.getElementById('main').remove();
  window.Scalar.createApiReference(root, {
    url: root.dataset.openapi,
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    mcp: { disabled: true },
    showDeveloperTools: 'never',
    // Every operation is listed in the sidebar at once, as the page without JavaScript lists them.
    defaultOpenAllTags: true,
    // The chosen code-sample language is not kept in the browser's storage.
    persistSelectedClient: false,
  });
})();
