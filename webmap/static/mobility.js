/*
 * Polis web map: the accessible-routing tool (pick start and destination, choose a
 * profile, see the route, its directions and warnings). Talks to /mobility over HTTP.
 * Wraps Polis.start (polis-map.js, loaded before this file): pages whose configuration
 * has "mobility" get the tool.
 */
(function (Polis) {
  'use strict';

  var node = Polis.util.node;
  var COLOURS = { crossing: '#ef6c00', steps: '#b71c1c' };
  var TOKEN_KEY = 'polis.citizen.token';

  function token() { try { return window.localStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }

  function Tool(app, cfg) {
    this.app = app;
    this.cfg = cfg;
    this.points = { from: null, to: null };
    this.markers = { from: null, to: null };
    this.picking = null;
    this.profiles = [];
    this.result = null;
    this.error = null;
    this.layer = L.layerGroup().addTo(app.map);
  }

  Tool.prototype.t = function (key) { return this.cfg.text[key][this.app.lang]; };

  Tool.prototype.open = function () {
    var tool = this;
    if (tool.box) { return; }
    tool.box = node('div', 'polis-mobility leaflet-bar', tool.app.map.getContainer());
    L.DomEvent.disableClickPropagation(tool.box);
    L.DomEvent.disableScrollPropagation(tool.box);
    fetch(tool.cfg.api + '/profiles').then(function (r) { return r.json(); }).then(function (list) {
      tool.profiles = list;
      tool.render();
    });
    tool.render();
  };

  Tool.prototype.close = function () {
    if (this.box) { this.box.remove(); this.box = null; }
    this.layer.clearLayers();
    this.markers = { from: null, to: null };
    this.points = { from: null, to: null };
  };

  Tool.prototype.pick = function (which) {
    this.picking = which;
    this.app.map.getContainer().style.cursor = 'crosshair';
    this.render();
  };

  Tool.prototype.clicked = function (latlng) {
    var which = this.picking;
    if (!which) { return; }
    this.picking = null;
    this.app.map.getContainer().style.cursor = '';
    if (which === 'barrier') {
      this.barrier = latlng;
      if (this.barrierMarker) { this.layer.removeLayer(this.barrierMarker); }
      this.barrierMarker = L.circleMarker(latlng, { radius: 7, color: '#6a1b9a', className: 'polis-mobility-barrier' })
        .addTo(this.layer);
      this.render();
      return;
    }
    this.points[which] = [latlng.lng, latlng.lat];
    if (this.markers[which]) { this.layer.removeLayer(this.markers[which]); }
    this.markers[which] = L.circleMarker(latlng, {
      radius: 7, color: which === 'from' ? '#2e7d32' : '#c62828', fillOpacity: 0.9,
      className: 'polis-mobility-' + which
    }).addTo(this.layer);
    this.render();
  };

  Tool.prototype.route = function () {
    var tool = this;
    if (!tool.points.from || !tool.points.to) {
      tool.error = { text: tool.t('need_points') };
      tool.render();
      return Promise.resolve();
    }
    var body = { from: tool.points.from, to: tool.points.to, profile: tool.profile || 'pedestrian' };
    return fetch(tool.cfg.api + '/route', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (answer) {
      tool.layer.eachLayer(function (l) {
        if (l !== tool.markers.from && l !== tool.markers.to) { tool.layer.removeLayer(l); }
      });
      if (answer.ok) {
        tool.result = answer.data;
        tool.error = null;
        tool.draw(answer.data);
      } else {
        tool.result = null;
        tool.error = { text: answer.data.detail, constraint: answer.data.constraint, where: answer.data.where };
        if (answer.data.where && answer.data.where.point) {
          var c = answer.data.where.point.coordinates;
          L.circleMarker([c[1], c[0]], { radius: 9, color: '#b71c1c', className: 'polis-mobility-blocked' })
            .addTo(tool.layer);
        }
      }
      tool.render();
    });
  };

  Tool.prototype.signIn = function (email, password) {
    var tool = this;
    return fetch('/auth/token', { method: 'POST', body: new URLSearchParams({ username: email, password: password }) })
      .then(function (r) { if (!r.ok) { throw new Error(); } return r.json(); })
      .then(function (d) { window.localStorage.setItem(TOKEN_KEY, d.access_token); tool.message = null; tool.render(); })
      .catch(function () { tool.message = tool.t('sign_in_failed'); tool.render(); });
  };

  Tool.prototype.report = function (reason, note, photo) {
    var tool = this;
    var body = { position: [tool.barrier.lng, tool.barrier.lat], reason: reason, note: note || null, photo: photo };
    return fetch(tool.cfg.api + '/barriers', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token() },
      body: JSON.stringify(body)
    }).then(function (r) {
      if (r.status === 401) { window.localStorage.removeItem(TOKEN_KEY); }
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error(data.detail || String(r.status)); }
        tool.message = tool.t('report_sent') + ' #' + data.id;
        tool.reportedId = data.id;
        tool.barrier = null;
        tool.render();
      });
    }).catch(function (err) { tool.message = tool.t('error') + ': ' + err.message; tool.render(); });
  };

  Tool.prototype.renderReport = function (box) {
    var tool = this;
    var app = tool.app;
    node('h2', '', box).textContent = tool.t('report_barrier');
    var pickButton = node('button', 'polis-mobility-set-barrier' + (tool.picking === 'barrier' ? ' active' : ''), box);
    pickButton.type = 'button';
    pickButton.textContent = tool.t('report_barrier') + (tool.barrier ? ' ✓' : '');
    L.DomEvent.on(pickButton, 'click', function () { tool.pick('barrier'); });
    if (tool.message) { node('p', 'polis-mobility-message', box).textContent = tool.message; }
    if (!tool.barrier) { return; }
    if (!token()) {
      var email = node('input', 'polis-mobility-email', box);
      email.type = 'email';
      email.placeholder = tool.t('email');
      email.value = tool.email || '';
      var password = node('input', 'polis-mobility-password', box);
      password.type = 'password';
      password.placeholder = tool.t('password');
      var signIn = node('button', 'polis-mobility-sign-in', box);
      signIn.type = 'button';
      signIn.textContent = tool.t('sign_in');
      L.DomEvent.on(signIn, 'click', function () {
        tool.email = email.value;
        tool.signIn(email.value, password.value);
      });
      return;
    }
    node('label', '', box).textContent = tool.t('reason');
    var reason = node('select', 'polis-mobility-reason', box);
    Object.keys(tool.cfg.reasons).forEach(function (key) {
      var option = node('option', '', reason);
      option.value = key;
      option.textContent = tool.cfg.reasons[key][app.lang];
    });
    var note = node('textarea', 'polis-mobility-note', box);
    note.placeholder = tool.t('note');
    note.maxLength = 500;
    node('label', '', box).textContent = tool.t('photo');
    var photo = node('input', 'polis-mobility-photo', box);
    photo.type = 'file';
    photo.accept = 'image/jpeg,image/png,image/webp';
    var send = node('button', 'polis-mobility-send', box);
    send.type = 'button';
    send.textContent = tool.t('send');
    L.DomEvent.on(send, 'click', function () {
      var file = photo.files && photo.files[0];
      if (!file) { tool.report(reason.value, note.value, null); return; }
      var reader = new FileReader();
      reader.onload = function () { tool.report(reason.value, note.value, String(reader.result)); };
      reader.readAsDataURL(file);
    });
  };

  Tool.prototype.draw = function (fc) {
    var segments = { type: 'FeatureCollection', features: fc.features.slice(1) };
    var drawn = L.geoJSON(segments, {
      style: function (f) {
        var p = f.properties;
        var colour = p.steps ? COLOURS.steps : (p.footway_type === 'crossing' ? COLOURS.crossing : '#1565c0');
        return { color: colour, weight: 6, opacity: 0.85, className: 'polis-route' };
      }
    }).addTo(this.layer);
    if (drawn.getBounds().isValid()) { this.app.map.fitBounds(drawn.getBounds(), { padding: [30, 30] }); }
  };

  Tool.prototype.render = function () {
    var tool = this;
    var app = tool.app;
    var box = tool.box;
    if (!box) { return; }
    box.innerHTML = '';
    var head = node('div', 'polis-nearest-head', box);
    node('h2', '', head).textContent = tool.t('tool');
    var close = node('button', 'polis-close', head);
    close.type = 'button';
    close.textContent = '×';
    close.title = app.t('close');
    L.DomEvent.on(close, 'click', function () { tool.close(); });
    var label = node('label', '', box);
    label.textContent = tool.t('profile');
    var select = node('select', 'polis-mobility-profile', box);
    select.setAttribute('aria-label', tool.t('profile'));
    tool.profiles.forEach(function (p) {
      var option = node('option', '', select);
      option.value = p.id;
      option.textContent = p.title[app.lang];
    });
    if (tool.profile) { select.value = tool.profile; } else { tool.profile = select.value || 'pedestrian'; }
    L.DomEvent.on(select, 'change', function () { tool.profile = select.value; });
    var buttons = node('div', 'polis-mobility-buttons', box);
    [['from', 'set_start'], ['to', 'set_end']].forEach(function (pair) {
      var b = node('button', 'polis-mobility-set-' + pair[0] + (tool.picking === pair[0] ? ' active' : ''), buttons);
      b.type = 'button';
      b.textContent = tool.t(pair[1]) + (tool.points[pair[0]] ? ' ✓' : '');
      L.DomEvent.on(b, 'click', function () { tool.pick(pair[0]); });
    });
    var go = node('button', 'polis-mobility-go', buttons);
    go.type = 'button';
    go.textContent = tool.t('find_route');
    L.DomEvent.on(go, 'click', function () { tool.route(); });
    if (tool.picking) { node('p', 'polis-mobility-hint', box).textContent = tool.t('click_map'); }
    if (tool.error) {
      var err = node('p', 'polis-mobility-error', box);
      err.textContent = tool.t('no_route') + (tool.error.constraint
        ? ' — ' + tool.t('blocked_by') + ': ' + (tool.cfg.text[tool.error.constraint]
          ? tool.t(tool.error.constraint) : tool.error.constraint) : '');
      if (!tool.error.constraint) { err.textContent = tool.error.text; }
    }
    if (tool.result) {
      var p = tool.result.features[0].properties;
      var summary = node('p', 'polis-mobility-summary', box);
      summary.textContent = tool.t('length') + ': ' + Math.round(p.length_m) + ' m · ' +
        tool.t('duration') + ': ' + Math.max(1, Math.round(p.duration_s / 60)) + ' ' + tool.t('minutes');
      if (p.warnings.length) {
        node('h2', '', box).textContent = tool.t('warnings');
        var warn = node('ul', 'polis-mobility-warnings', box);
        p.warnings.forEach(function (w) { node('li', '', warn).textContent = w[app.lang]; });
      }
      node('h2', '', box).textContent = tool.t('instructions');
      var list = node('ol', 'polis-mobility-steps', box);
      p.instructions.forEach(function (s) { node('li', '', list).textContent = s[app.lang]; });
    }
    if (tool.cfg.report) { tool.renderReport(box); }
  };

  // ------------------------------------------------------------------ crossing audit (staff)
  function Audit(app, cfg) {
    this.app = app;
    this.cfg = cfg;
    this.layer = L.layerGroup();
    this.features = [];
  }

  Audit.prototype.t = Tool.prototype.t;

  Audit.prototype.toggle = function () {
    var audit = this;
    if (audit.app.map.hasLayer(audit.layer)) { audit.app.map.removeLayer(audit.layer); return Promise.resolve(); }
    audit.layer.addTo(audit.app.map);
    return fetch(audit.cfg.api + '/crossings/audit').then(function (r) { return r.json(); }).then(function (fc) {
      audit.features = fc.features;
      audit.draw();
    });
  };

  Audit.prototype.draw = function () {
    var audit = this;
    var lang = audit.app.lang;
    audit.layer.clearLayers();
    audit.features.forEach(function (f) {
      var p = f.properties;
      var c = f.geometry.coordinates;
      var colour = p.missing_count >= 3 ? '#b71c1c' : (p.missing_count === 2 ? '#ef6c00' : '#fbc02d');
      var marker = L.circleMarker([c[1], c[0]], {
        radius: p.near_school ? 7 : 5, color: colour, weight: p.near_school ? 3 : 1, fillOpacity: 0.8,
        className: 'polis-audit-crossing'
      });
      var school = p.near_school ? '<br>' + audit.t('near_school') + ': ' +
        Polis.util.escapeHtml(p.near_school.name || '') + ' (' + Math.round(p.near_school.distance_m) + ' m)' : '';
      marker.bindPopup('<b>' + audit.t('audit_rank') + ' ' + p.rank + '</b><br>' + audit.t('missing') + ': ' +
        Polis.util.escapeHtml((lang === 'el' ? p.missing_el : p.missing_en).join(', ')) + school);
      marker.addTo(audit.layer);
    });
  };

  var AuditControl = L.Control.extend({
    options: { position: 'topleft' },
    onAdd: function () {
      var audit = this.audit;
      var bar = node('div', 'leaflet-bar');
      var button = node('button', 'polis-audit-toggle polis-mobility-toggle', bar);
      button.type = 'button';
      button.textContent = '⚠';
      audit.app.onLanguage(function () {
        button.title = audit.t('audit');
        button.setAttribute('aria-label', audit.t('audit'));
        if (audit.features.length) { audit.draw(); }
      });
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(button, 'click', function () { audit.toggle(); });
      return bar;
    }
  });

  var MobilityControl = L.Control.extend({
    options: { position: 'topleft' },
    onAdd: function () {
      var tool = this.tool;
      var bar = node('div', 'leaflet-bar');
      var button = node('button', 'polis-mobility-toggle', bar);
      button.type = 'button';
      button.textContent = '♿';
      tool.app.onLanguage(function () {
        button.title = tool.t('tool');
        button.setAttribute('aria-label', tool.t('tool'));
        tool.render();
      });
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(button, 'click', function () { if (tool.box) { tool.close(); } else { tool.open(); } });
      return bar;
    }
  });

  var start = Polis.start;
  Polis.start = function (map, cfg) {
    var app = start(map, cfg);
    if (cfg.mobility) {
      var tool = new Tool(app, cfg.mobility);
      var control = new MobilityControl();
      control.tool = tool;
      control.addTo(map);
      map.on('click', function (e) { tool.clicked(e.latlng); });
      window.polisMobility = tool;
      if (cfg.mobility.audit) {
        var auditControl = new AuditControl();
        auditControl.audit = new Audit(app, cfg.mobility);
        auditControl.addTo(map);
        window.polisAudit = auditControl.audit;
      }
    }
    return app;
  };
})(window.Polis);
