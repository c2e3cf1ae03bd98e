/*
 * Citizen map: report a problem with a tree or a green space (a fallen branch) at a
 * tapped point. Signing in with a citizen account is asked for once (POST /auth/token);
 * the report becomes an open work order of the green-space office (POST /green/reports).
 */
(function () {
  'use strict';
  var TOKEN_KEY = 'polis.citizen.token';

  function el(tag, attrs, parent, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) { n.textContent = text; }
    if (parent) { parent.appendChild(n); }
    return n;
  }

  function start() {
    var app = window.polisMap;
    if (!app) { setTimeout(start, 50); return; }
    var t = function (key) { return app.t(key); };
    // A Leaflet control: the corner stacks it with the other panels instead of overlapping them.
    var box = el('div', { class: 'polis-green-report leaflet-bar', id: 'green-report' });
    box.style.cssText = 'background:#fff;padding:6px;max-width:300px;font:14px sans-serif';
    L.DomEvent.disableClickPropagation(box);
    var Control = L.Control.extend({ options: { position: 'bottomleft' }, onAdd: function () { return box; } });
    new Control().addTo(app.map);
    var open = el('button', { type: 'button', id: 'green-report-open' }, box);
    var panel = el('div', { id: 'green-report-panel' }, box);
    panel.style.display = 'none';
    var message = el('div', { id: 'green-report-message', role: 'status' }, box);
    var point = null;
    var marker = null;

    function token() { try { return localStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }

    function render() {
      open.textContent = '⚠ ' + t('report_problem');
      panel.innerHTML = '';
      if (!token()) {
        var email = el('input', { type: 'email', id: 'green-report-email', placeholder: t('email') }, panel);
        var password = el('input', { type: 'password', id: 'green-report-password', placeholder: t('password') }, panel);
        var signIn = el('button', { type: 'button', id: 'green-report-sign-in' }, panel, t('sign_in'));
        signIn.addEventListener('click', function () {
          fetch('/auth/token', { method: 'POST', body: new URLSearchParams({ username: email.value, password: password.value }) })
            .then(function (r) { if (!r.ok) { throw new Error(); } return r.json(); })
            .then(function (d) { localStorage.setItem(TOKEN_KEY, d.access_token); render(); })
            .catch(function () { message.textContent = t('sign_in_failed'); });
        });
        return;
      }
      el('div', { id: 'green-report-hint' }, panel, point ? '' : t('tap_problem'));
      var text = el('textarea', { id: 'green-report-text', placeholder: t('describe_problem') }, panel);
      var send = el('button', { type: 'button', id: 'green-report-send' }, panel, t('send_report'));
      send.addEventListener('click', function () {
        if (!point) { message.textContent = t('tap_problem'); return; }
        fetch('/green/reports', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token() },
          body: JSON.stringify({ lon: point.lng, lat: point.lat, description: text.value })
        }).then(function (r) {
          if (r.status === 401) { localStorage.removeItem(TOKEN_KEY); render(); throw new Error(); }
          return r.json().then(function (body) {
            if (!r.ok) { throw new Error(body.detail || String(r.status)); }
            message.textContent = t('report_sent') + ' #' + body.id;
            message.dataset.order = String(body.id);
            panel.style.display = 'none';
            if (marker) { marker.remove(); marker = null; }
            point = null;
          });
        }).catch(function (err) { if (err.message) { message.textContent = t('error') + ': ' + err.message; } });
      });
    }

    open.addEventListener('click', function () {
      panel.style.display = panel.style.display === 'none' ? '' : 'none';
      message.textContent = '';
      render();
    });
    app.map.on('click', function (e) {
      if (panel.style.display === 'none' || !token()) { return; }
      point = e.latlng;
      if (marker) { marker.setLatLng(point); } else { marker = L.marker(point).addTo(app.map); }
      var hint = document.getElementById('green-report-hint');
      if (hint) { hint.textContent = ''; }
    });
    app.onLanguage(render);
  }
  start();
})();
