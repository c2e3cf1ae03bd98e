/*
 * Polis participation pages: texts in Greek and English, the API with the signed-in
 * citizen's token, status messages, sign-in and the small map both pages share.
 * Everything the pages write comes from textContent (never HTML from the API).
 */
(function () {
  'use strict';

  var cfg = JSON.parse(document.getElementById('polis-config').textContent);
  var TOKEN = 'polis-participation-token';
  var listeners = [];
  var P = {
    cfg: cfg,
    lang: 'el',
    t: function (key) { var e = cfg.text[key]; return e ? e[P.lang] : key; },
    tr: function (pair) { return pair ? (pair[P.lang] || pair.el) : ''; },
    onLanguage: function (fn) { listeners.push(fn); fn(P.lang); },
    token: function () { return window.sessionStorage.getItem(TOKEN); },
    node: function (tag, parent, text, cls) {
      var el = document.createElement(tag);
      if (text !== undefined && text !== null) { el.textContent = String(text); }
      if (cls) { el.className = cls; }
      if (parent) { parent.appendChild(el); }
      return el;
    },
    money: function (value) {
      return Number(value).toLocaleString(P.lang === 'el' ? 'el-GR' : 'en-GB', { maximumFractionDigits: 0 });
    },
    date: function (text) {
      return new Date(text).toLocaleString(P.lang === 'el' ? 'el-GR' : 'en-GB',
        { dateStyle: 'medium', timeStyle: 'short' });
    }
  };

  P.setLanguage = function (lang) {
    P.lang = lang;
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-t]').forEach(function (el) { el.textContent = P.t(el.dataset.t); });
    document.querySelectorAll('[data-t-label]').forEach(function (el) {
      el.setAttribute('aria-label', P.t(el.dataset.tLabel));
    });
    document.querySelectorAll('[data-municipality]').forEach(function (el) {
      el.textContent = P.tr(cfg.municipality);
    });
    var button = document.getElementById('lang');
    button.textContent = P.t('switch_language');
    button.lang = lang === 'el' ? 'en' : 'el';
    button.title = P.t('language');
    document.title = P.t(cfg.kind) + ' — ' + P.tr(cfg.municipality);
    listeners.forEach(function (fn) { fn(lang); });
  };

  P.say = function (message, isError) {
    var box = document.getElementById('status');
    box.textContent = (isError ? P.t('error') + ': ' : '') + message;
    box.classList.toggle('status-error', Boolean(isError));
  };

  // JSON from the API; a problem+json answer becomes an Error with its detail.
  P.api = function (path, options) {
    options = options || {};
    var headers = options.headers || {};
    var token = P.token();
    if (token) { headers.Authorization = 'Bearer ' + token; }
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(options.json);
    }
    return fetch(path, { method: options.method || 'GET', headers: headers, body: options.body })
      .then(function (r) {
        return r.text().then(function (text) {
          var body = text ? JSON.parse(text) : null;
          if (!r.ok) {
            var err = new Error(body && body.detail ? body.detail : String(r.status));
            err.status = r.status;
            throw err;
          }
          return body;
        });
      });
  };

  P.fail = function (err) { P.say(err.message, true); };

  P.account = function (onChange) {
    var form = document.getElementById('signin');
    var box = document.getElementById('account');
    function show() {
      var on = Boolean(P.token());
      form.hidden = on;
      box.hidden = !on;
      onChange(on);
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var data = new URLSearchParams(new FormData(form));
      fetch('/auth/token', { method: 'POST', body: data }).then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw new Error(body.detail || String(r.status)); }
          window.sessionStorage.setItem(TOKEN, body.access_token);
          P.say(P.t('signed_in'));
          show();
        });
      }).catch(P.fail);
    });
    document.getElementById('signout').addEventListener('click', function () {
      window.sessionStorage.removeItem(TOKEN);
      show();
      form.querySelector('input').focus();
    });
    show();
  };

  // The pages' map: the neighbourhoods as a light basemap (our own OGC API).
  P.map = function () {
    var map = L.map('map', { zoomControl: true }).setView(cfg.centre, cfg.zoom);
    map.attributionControl.setPrefix(false);
    fetch('/ogc/collections/neighbourhoods/items?f=json&limit=100').then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      if (data) {
        L.geoJSON(data, { style: { color: '#555', weight: 1, fillOpacity: 0.04 }, interactive: false }).addTo(map);
      }
    });
    // The streets of the view, for orientation (from zoom 15; redrawn after each move).
    var streets = L.layerGroup().addTo(map);
    var asked = 0;
    map.on('moveend', function () {
      var ask = ++asked;
      if (map.getZoom() < 15) { streets.clearLayers(); return; }
      fetch('/ogc/collections/roads/items?f=json&limit=2000&bbox=' + map.getBounds().toBBoxString())
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || ask !== asked) { return; }
          streets.clearLayers();
          L.geoJSON(data, { style: { color: '#9e9e9e', weight: 2 }, interactive: false }).addTo(streets);
        });
    });
    return map;
  };

  document.getElementById('lang').addEventListener('click', function () {
    P.setLanguage(P.lang === 'el' ? 'en' : 'el');
  });
  document.querySelector('.skip').addEventListener('click', function () {
    window.setTimeout(function () { document.getElementById('main').focus(); }, 0);
  });
  window.PolisParticipation = P;
}());
