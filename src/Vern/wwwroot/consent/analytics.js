/* Vern website statistics. The banner starts it once the visitor allows statistics:
   <script type="text/plain" data-consent="analytics" src="https://vern.example/consent/analytics.js"></script>
   A site the definition counts cookieless loads it directly, reading and storing nothing on the device:
   <script src="https://vern.example/consent/analytics.js" data-cookieless defer></script>
   Goals: Vern.track(name, props), or data-vern-goal="name" on a form. See README, "Website statistics". */
(() => {
  'use strict';
  const w = window, d = document, ds = d.currentScript.dataset;
  const api = new URL(d.currentScript.src).origin + '/api/v1/analytics/events';
  let on = 1, shown = 0, since = 0, page = location.href, from = d.referrer;

  const visitor = () => {
    if (ds.cookieless === undefined)
      try { return JSON.parse(decodeURIComponent(d.cookie.match(/(?:^|; )vern_consent=([^;]*)/)[1])).v; } catch (e) { }
  };
  // A beacon is text/plain, so it needs no preflight, and it is still sent while the page unloads.
  const send = e => on && navigator.sendBeacon(api, JSON.stringify({ visitorId: visitor(), events: [{ url: page, screen: w.innerWidth, ...e }] }));

  // Engaged time: how long the page was visible, sent when it is hidden, left or replaced.
  const seen = () => d.visibilityState === 'visible';
  const resume = () => { if (seen() && !since) since = Date.now(); };
  const engaged = () => {
    if (since) shown += Date.now() - since;
    since = 0;
    if (shown) send({ type: 'engagement', engagedMs: shown });
    shown = 0;
  };
  const view = () => { send({ type: 'pageview', referrer: from }); resume(); };
  // A single-page site changes pages with the History API.
  const moved = () => {
    if (location.href === page) return;
    engaged();
    from = page;
    page = location.href;
    view();
  };
  const push = history.pushState;
  history.pushState = function () { const r = push.apply(this, arguments); moved(); return r; };
  w.addEventListener('popstate', moved);
  d.addEventListener('visibilitychange', () => (seen() ? resume() : engaged()));
  w.addEventListener('pagehide', engaged);
  // Statistics refused or withdrawn in the banner: nothing more is sent (and Vern deletes what was).
  d.addEventListener('vern:consent', e => { if (ds.consent && !e.detail.categories[ds.consent]) on = 0; });

  const track = (name, props) => send({ type: 'event', name, props });
  d.addEventListener('submit', e => { const g = e.target.dataset.vernGoal; if (g) track(g); }, true);
  (w.Vern = w.Vern || {}).track = track;
  view();
})();
