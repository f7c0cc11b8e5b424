/* The preferences page's list of the visitor's recorded choices, each with its full receipt to download.
   The visitor id lives only in the banner's vern_consent cookie, so the browser asks for the list. The page
   gives the texts in its language; every value is written as text, never as markup. */
(() => {
  'use strict';
  const d = document, box = d.querySelector('[data-vern-receipts]');
  if (!box) return;
  const t = box.dataset, status = box.querySelector('[data-status]'), list = box.querySelector('[data-list]');
  const lang = d.documentElement.lang || 'en';
  const api = '/api/v1/consent/';
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'medium' });

  const visitor = () => {
    try {
      const c = JSON.parse(decodeURIComponent(d.cookie.match(/(?:^|; )vern_consent=([^;]*)/)[1]));
      return typeof c.v === 'string' ? c.v : null;
    } catch (e) { return null; }
  };

  const el = (name, text, attributes) => {
    const e = d.createElement(name);
    if (text != null) e.textContent = text;
    Object.entries(attributes || {}).forEach(([k, v]) => e.setAttribute(k, v));
    return e;
  };

  const say = text => {
    list.replaceChildren();
    status.textContent = text;
  };

  // Category names and order as the banner shows them; a category a later revision dropped keeps its id, last.
  const names = () => fetch(api + 'config?lang=' + encodeURIComponent(lang))
    .then(r => (r.ok ? r.json() : {}))
    .then(c => new Map((c.categories || []).map(k => [k.id, k.name])), () => new Map());

  const item = (decision, name) => {
    const li = el('li');
    const time = el('time', when.format(new Date(decision.recordedAt)), { datetime: decision.recordedAt, id: 'receipt-' + decision.id });
    const choices = el('ul');
    const known = [...name.keys()], rank = id => (known.includes(id) ? known.indexOf(id) : known.length);
    Object.entries(decision.categories).sort(([a], [b]) => rank(a) - rank(b))
      .forEach(([id, on]) => choices.append(el('li', (name.get(id) || id) + ': ' + (on ? t.allowed : t.refused))));
    const download = el('a', t.download, {
      href: api + 'decisions/' + encodeURIComponent(decision.id) + '/receipt',
      download: 'consent-receipt-' + decision.id + '.json',
      'aria-describedby': time.id,
    });
    const heading = el('p', null, { class: 'receipt-time' });
    heading.append(time);
    const link = el('p');
    link.append(download);
    li.append(heading, choices, link);
    return li;
  };

  let shown = 0;
  const load = () => {
    const run = ++shown;
    box.hidden = false;
    const v = visitor();
    if (!v) return say(t.none);
    Promise.all([fetch(api + 'visitor/decisions', { cache: 'no-store', headers: { 'Vern-Visitor-Id': v } }), names()])
      .then(([r, name]) => {
        // A later load (a choice made meanwhile) wins over an earlier one that answers last.
        if (run !== shown) return undefined;
        if (r.status === 404) return say(t.none);
        if (!r.ok) throw new Error('Recorded choices not loaded: HTTP ' + r.status);
        return r.json().then(b => {
          status.textContent = '';
          list.replaceChildren(...b.decisions.map(decision => item(decision, name)));
        });
      })
      .catch(() => say(t.failed));
  };

  // A choice made on this page through the banner shows at once.
  d.addEventListener('vern:consent', load);
  load();
})();
