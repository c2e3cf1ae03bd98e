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
