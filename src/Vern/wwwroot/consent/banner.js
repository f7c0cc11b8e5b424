/* Vern cookie banner. One tag: <script src="https://vern.example/consent/banner.js" defer></script>.
   Nothing non-essential runs before the visitor chooses: scripts written as
   <script type="text/plain" data-consent="<category>"> are started only once their category is granted,
   and every choice is recorded in Vern's consent ledger before it takes effect.
   Options on the tag: data-position="bottom|center", data-bg, data-fg, data-accent, data-accent-fg
   (or the --vern-* custom properties); see README, "Cookie banner". */
(() => {
  'use strict';
  const w = window, d = document, me = d.currentScript, ds = me.dataset;
  const origin = new URL(me.src).origin;
  const api = origin + '/api/v1/consent/';
  const lang = /^(nb|nn|no)\b/i.test(d.documentElement.lang) ? 'nb' : 'en';
  const gpc = navigator.globalPrivacyControl === true;
  const modal = ds.position === 'center';

  // Google Consent Mode v2 (basic): everything denied before any Google tag can load.
  w.dataLayer = w.dataLayer || [];
  const gtag = w.gtag = w.gtag || function () { w.dataLayer.push(arguments); };
  const g = on => (on ? 'granted' : 'denied');
  const google = (a, m) => ({ ad_storage: g(m), analytics_storage: g(a), ad_user_data: g(m), ad_personalization: g(m) });
  gtag('consent', 'default', google(0, 0));
  const hubspot = cmd => (w._hsp = w._hsp || []).push(cmd);

  let cfg, state = null, box, opener, busy;
  const $ = s => box.querySelector(s);
  const esc = s => String(s).replace(/[&<>"]/g, c => '&#' + c.charCodeAt(0) + ';');
  const text = k => esc(cfg.texts[k]);
  const optional = () => cfg.categories.filter(c => !c.required);
  const refused = id => gpc && cfg.gpcRefuses.includes(id);
  const now = () => Math.floor(Date.now() / 1000);
  const copy = o => o && JSON.parse(JSON.stringify(o));

  const stored = (() => {
    try { return JSON.parse(decodeURIComponent(d.cookie.match(/(?:^|; )vern_consent=([^;]*)/)[1])); } catch (e) { return null; }
  })();
  // The visitor id is a credential only Vern issues; analytics tools get the analytics id instead.
  let vid = stored && stored.a && stored.v, aid = vid && stored.a;

  const expire = name => {
    const parts = location.hostname.split('.');
    for (let i = 0; i <= parts.length; i++)
      d.cookie = name + '=;max-age=0;path=/' + (i < parts.length - 1 ? ';domain=.' + parts.slice(i).join('.') : '');
  };

  // Deletes the cookies the definition declares for each refused category (a trailing * is any text).
  const clean = c => d.cookie.split('; ').forEach(kv => {
    const name = kv.split('=')[0];
    for (const k in cfg.trackers)
      if (!c[k] && cfg.trackers[k].some(p => p.slice(-1) === '*' ? name.startsWith(p.slice(0, -1)) : p === name)) expire(name);
  });

  // Whether the category a vendor's signal follows is granted.
  const on = (c, k) => !!c[cfg.signals[k]];

  // Makes a decision take effect: signals to Google and HubSpot, cookies of refused categories gone,
  // blocked scripts of granted categories started in document order.
  const apply = (c, before) => {
    const hs = on(c, 'hubSpot');
    gtag('consent', 'update', google(on(c, 'analytics'), on(c, 'ads')));
    hubspot(['setHubSpotConsent', { analytics: hs, advertisement: hs, functionality: hs }]);
    if (before && on(before, 'hubSpot') && !hs) hubspot(['revokeCookieConsent']);
    clean(c);
    d.querySelectorAll('script[type="text/plain"][data-consent]').forEach(old => {
      if (!c[old.dataset.consent]) return;
      const s = d.createElement('script');
      for (const a of old.attributes) s.setAttribute(a.name, a.value);
      s.type = 'text/javascript';
      if (!old.hasAttribute('async')) s.async = false;
      s.text = old.text;
      old.replaceWith(s);
    });
  };

  const categories = granted => {
    const c = {};
    cfg.categories.forEach(k => { c[k.id] = !!k.required || (!refused(k.id) && !!granted[k.id]); });
    return c;
  };

  // Posts a decision, with a visitor id Vern issues before the first one. An id Vern refuses (its key was
  // replaced since) is given up, and the decision sent once more with a new one.
  const send = (body, again) => (vid ? Promise.resolve() : fetch(api + 'visitors', { method: 'POST' })
    .then(r => { if (r.status !== 201) throw new Error('No visitor id: HTTP ' + r.status); return r.json(); })
    .then(v => { vid = v.visitorId; aid = v.analyticsId; }))
    .then(() => fetch(api + 'decisions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ visitorId: vid, ...body }) }))
    .then(r => r.status === 400 && !again ? r.clone().json().then(p => p.errors.visitorId ? (vid = 0, send(body, 1)) : r) : r);

  // Records the decision; only once the ledger has it is it stored, applied and announced.
  const decide = (action, granted) => {
    if (busy) return busy;
    const before = state && state.categories;
    const all = {};
    optional().forEach(k => { all[k.id] = true; });
    const c = categories(action === 'accept_all' ? all : action === 'custom' ? granted || {} : {});
    if (action === 'accept_all' && optional().some(k => refused(k.id))) action = 'custom';
    if (action === 'reject_all' && before && optional().some(k => before[k.id])) action = 'withdraw';
    const chosen = {}, services = {}, bits = {};
    optional().forEach(k => {
      chosen[k.id] = c[k.id];
      bits[k.id] = +c[k.id];
      k.services.forEach(s => { services[s.id] = c[k.id]; });
    });
    const body = { revision: cfg.revision, language: cfg.language, action, categories: chosen, services, gpc };
    if (box) $('.vern-er').textContent = '';
    return busy = send(body)
      .then(r => { if (r.status !== 201) throw new Error('Consent not recorded: HTTP ' + r.status); return r.json(); })
      .then(r => {
        const t = now();
        d.cookie = 'vern_consent=' + encodeURIComponent(JSON.stringify({ v: vid, a: aid, r: cfg.revision, id: r.id, t, c: bits })) +
          ';path=/;SameSite=Lax;max-age=' + cfg.maxAgeDays * 86400 + (location.protocol === 'https:' ? ';Secure' : '');
        state = { analyticsId: aid, revision: cfg.revision, id: r.id, decidedAt: t, action, gpc, categories: c };
        apply(c, before);
        close();
        d.dispatchEvent(new CustomEvent('vern:consent', { detail: copy(state) }));
        return copy(state);
      }, e => {
        if (box && !box.hidden) $('.vern-er').textContent = cfg.texts.error;
        throw e;
      })
      .finally(() => { busy = null; });
  };

  const render = () => {
    box = d.createElement('div');
    box.className = 'vern-cb vern-' + (modal ? 'center' : 'bottom');
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-labelledby', 'vern-t');
    if (modal) box.setAttribute('aria-modal', 'true');
    box.tabIndex = -1;
    box.hidden = true;
    const link = (k, href) => `<a href="${esc(new URL(href, origin).href)}">${text(k)}</a>`;
    box.innerHTML = `<div class="vern-in"><h2 id="vern-t">${text('title')}</h2><p>${text('description')}</p>` +
      `<ul class="vern-ps">${cfg.categories.map(c => `<li>${esc(c.name)}</li>`).join('')}</ul>` +
      (optional().some(k => refused(k.id)) ? `<p class="vern-gpc">${text('gpcNotice')}</p>` : '') +
      `<p class="vern-ln">${link('cookies', cfg.links.cookies)} ${link('policy', cfg.links.policy)}</p>` +
      `<fieldset class="vern-pr" hidden><legend>${text('customise')}</legend>` + cfg.categories.map(c =>
        `<div class="vern-c"><input type="checkbox" id="vern-c-${esc(c.id)}" value="${esc(c.id)}"${c.required ? ' checked disabled' : refused(c.id) ? ' disabled' : ''}>` +
        `<label for="vern-c-${esc(c.id)}">${esc(c.name)}${c.required ? ` (${text('alwaysOn')})` : ''}</label>` +
        `<p>${esc(c.description)} <span>${c.services.map(s => esc(s.name)).join(', ')}</span></p></div>`).join('') +
      `</fieldset><p class="vern-er" role="alert"></p><div class="vern-bs">` +
      ['acceptAll', 'rejectAll', 'customise'].map(k => `<button type="button" data-a="${k}">${text(k)}</button>`).join('') +
      '</div></div>';
    box.addEventListener('click', e => {
      const a = e.target.dataset && e.target.dataset.a;
      const decision = a === 'acceptAll' ? decide('accept_all') : a === 'rejectAll' ? decide('reject_all')
        : a === 'customise' && !$('fieldset').hidden
          ? decide('custom', Object.fromEntries([...box.querySelectorAll('input:checked')].map(i => [i.value, true])))
          : a === 'customise' && layer(true, true);
      if (decision && decision.catch) decision.catch(() => {});
    });
    box.addEventListener('keydown', e => {
      if (e.key === 'Escape') {
        // Escape leaves the preferences or closes a reopened banner; it never counts as a choice.
        if (!$('fieldset').hidden) { layer(false); $('[data-a=customise]').focus(); } else if (state) close();
      } else if (e.key === 'Tab' && modal) {
        const f = [...box.querySelectorAll('a,button,input:not([disabled])')], first = f[0], last = f[f.length - 1];
        if (e.shiftKey && d.activeElement === first || !e.shiftKey && d.activeElement === last) {
          e.preventDefault();
          (e.shiftKey ? last : first).focus();
        }
      }
    });
    d.body.appendChild(box);
  };

  const layer = (prefs, focus) => {
    $('fieldset').hidden = !prefs;
    $('[data-a=customise]').innerHTML = text(prefs ? 'save' : 'customise');
    if (focus) ($('fieldset input:not([disabled])') || box).focus();
  };

  const open = () => {
    if (!box) render();
    if (box.hidden) opener = d.activeElement;
    box.querySelectorAll('fieldset input:not([disabled])').forEach(i => { i.checked = !!(state && state.categories[i.value]); });
    box.hidden = false;
    layer(!!state);
    box.focus();
  };

  const close = () => {
    if (!box || box.hidden) return;
    box.hidden = true;
    if (opener && opener !== d.body && opener.isConnected) opener.focus();
    opener = null;
  };

  const controls = () => {
    let found = [...d.querySelectorAll('[data-vern-settings]')];
    if (!found.length) {
      const b = d.createElement('button');
      b.type = 'button';
      b.className = 'vern-set';
      b.textContent = cfg.texts.settings;
      d.body.appendChild(b);
      found = [b];
    }
    found.forEach(b => {
      b.hidden = false;
      b.addEventListener('click', e => { e.preventDefault(); open(); });
    });
  };

  const css = d.createElement('link');
  css.rel = 'stylesheet';
  css.href = origin + '/consent/banner.css';
  const styled = new Promise(r => { css.onload = css.onerror = r; });
  d.head.appendChild(css);
  ['bg', 'fg', 'accent', 'accentFg'].forEach(k => {
    if (ds[k]) d.documentElement.style.setProperty('--vern-' + k.replace('F', '-f'), ds[k]);
  });

  // A stored choice counts only while it is still the visitor's latest decision: Vern may have recorded a
  // withdrawal asked for elsewhere (by e-mail, on the privacy centre). Asked alongside the configuration.
  const current = stored && stored.id
    ? fetch(api + 'decisions/' + encodeURIComponent(stored.id) + '/current').then(r => r.ok && r.json()).then(s => s && s.current, () => false)
    : false;
  const ready = fetch(api + 'config?lang=' + lang)
    .then(r => { if (!r.ok) throw new Error('No consent configuration: HTTP ' + r.status); return r.json(); })
    .then(c => Promise.all([current, styled]).then(([latest]) => {
      cfg = c;
      const valid = latest && stored.c && stored.r >= cfg.revision && stored.t + cfg.maxAgeDays * 86400 > now() &&
        !optional().some(k => refused(k.id) && stored.c[k.id]);
      controls();
      if (valid) {
        state = { analyticsId: aid, revision: stored.r, id: stored.id, decidedAt: stored.t, gpc, categories: categories(stored.c) };
        apply(state.categories);
      } else {
        clean({});
        // Under GPC with nothing else to ask, the signal itself is the answer.
        if (optional().length && optional().every(k => refused(k.id))) decide('gpc').catch(() => {});
        else open();
      }
    }));
  ready.catch(() => {});
  const after = f => (...a) => ready.then(() => f(...a));

  w.Vern = w.Vern || {};
  w.Vern.consent = {
    get: () => copy(state),
    show: after(open),
    acceptAll: after(() => decide('accept_all')),
    rejectAll: after(() => decide('reject_all')),
    update: after(o => decide('custom', (o && o.categories) || {})),
    withdraw: after(() => decide('withdraw')),
  };
})();
