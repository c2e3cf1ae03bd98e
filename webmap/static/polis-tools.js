/*
 * Polis web map: the search box, "locate me" and the list of the nearest features.
 * Registers its controls on window.Polis (polis-map.js, loaded before this file).
 */
(function (Polis) {
  'use strict';

  var node = Polis.util.node;
  var escapeHtml = Polis.util.escapeHtml;
  var bboxParam = Polis.util.bboxParam;
  var featureLatLng = Polis.util.featureLatLng;
  var PolisApp = Polis.App;
  var NEAREST_COUNT = 10;

  // ------------------------------------------------------------------ search
  function cqlString(text) { return "'" + text.replace(/'/g, "''") + "'"; }

  function searchFilter(fields, query) {
    var pattern = cqlString('%' + query.replace(/[%_]/g, ' ').trim() + '%');
    return fields.map(function (f) {
      return 'CASEI(' + f + ') LIKE CASEI(' + pattern + ')';
    }).join(' OR ');
  }

  var SearchControl = L.Control.extend({
    options: { position: 'topleft' },
    onAdd: function () {
      var app = this.app;
      var box = node('div', 'polis-search leaflet-bar');
      var input = node('input', '', box);
      input.type = 'search';
      input.autocomplete = 'off';
      var list = node('ul', 'polis-search-results', box);
      var layers = app.cfg.layers.filter(function (l) { return l.searchFields.length; });
      var timer = null;
      var seq = 0;
      app.onLanguage(function () {
        // The generic hint names businesses, streets and stops: only where all are searchable.
        input.placeholder = layers.length > 1 ? app.t('search_placeholder')
          : app.t('search') + ': ' + layers.map(function (l) { return app.tr(l.title); }).join(', ');
        input.setAttribute('aria-label', app.t('search'));
      });
      L.DomEvent.on(input, 'input', function () {
        clearTimeout(timer);
        timer = setTimeout(function () { run(input.value); }, 250);
      });
      L.DomEvent.on(input, 'keydown', function (e) {
        if (e.key === 'Enter') {
          var first = list.querySelector('button');
          if (first) { first.click(); }
        }
      });
      function run(query) {
        var mine = ++seq;
        list.innerHTML = '';
        if (query.trim().length < 2) { return; }
        Promise.all(layers.map(function (layerCfg) {
          // a layer whose domain has its own search route (accents, Greeklish) uses it
          var url = layerCfg.searchUrl
            ? layerCfg.searchUrl + '?limit=8&q=' + encodeURIComponent(query)
            : layerCfg.items + '?limit=8&filter-lang=cql2-text&filter=' +
              encodeURIComponent(searchFilter(layerCfg.searchFields, query));
          return fetch(url).then(function (r) { return r.ok ? r.json() : { features: [] }; })
            .then(function (fc) { return { cfg: layerCfg, features: fc.features }; });
        })).then(function (groups) {
          if (mine === seq) { show(groups); }
        });
      }
      function show(groups) {
        var total = 0;
        groups.forEach(function (group) {
          var seen = {};
          group.features.forEach(function (feature) {
            var title = app.featureTitle(group.cfg, feature.properties);
            if (!title || seen[title]) { return; }
            seen[title] = true;
            total += 1;
            var li = node('li', '', list);
            var button = node('button', '', li);
            button.type = 'button';
            button.dataset.layer = group.cfg.id;
            button.dataset.fid = String(feature.id);
            button.innerHTML = escapeHtml(title) + ' <small>' + escapeHtml(app.tr(group.cfg.title)) + '</small>';
            L.DomEvent.on(button, 'click', function () {
              list.innerHTML = '';
              app.goTo(group.cfg, feature);
            });
          });
        });
        if (!total) { node('li', 'polis-empty', list).textContent = app.t('no_results'); }
      }
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });

  PolisApp.prototype.goTo = function (layerCfg, feature) {
    this.setVisible(layerCfg.id, true);
    var row = document.querySelector('.polis-layer-row[data-layer="' + layerCfg.id + '"] input');
    if (row) { row.checked = true; }
    var at = featureLatLng(feature);
    if (feature.geometry.type === 'Point') {
      this.map.setView(at, 18);
    } else {
      this.map.fitBounds(L.geoJSON(feature).getBounds(), { maxZoom: 18 });
    }
    this.showPopup(layerCfg, feature.properties, feature.id, at);
  };

  // ------------------------------------------------------------------ locate me
  var LocateControl = L.Control.extend({
    options: { position: 'topleft' },
    onAdd: function () {
      var app = this.app;
      var button = node('button', 'polis-locate leaflet-bar');
      button.type = 'button';
      app.onLanguage(function () {
        button.textContent = '◎ ' + app.t('locate');
        button.title = app.t('locate');
      });
      L.DomEvent.disableClickPropagation(button);
      L.DomEvent.on(button, 'click', function () {
        app.map.locate({ setView: true, maxZoom: 18, enableHighAccuracy: true });
      });
      app.map.on('locationfound', function (e) { app.located(e); });
      app.map.on('locationerror', function () { app.notify(app.t('location_error')); });
      return button;
    }
  });

  PolisApp.prototype.located = function (e) {
    if (this.here) { this.map.removeLayer(this.here); }
    this.here = L.layerGroup([
      L.circle(e.latlng, { radius: Math.max(e.accuracy || 0, 5), weight: 1, color: '#1a73e8', fillOpacity: 0.1 }),
      L.circleMarker(e.latlng, { radius: 7, color: '#fff', weight: 2, fillColor: '#1a73e8', fillOpacity: 1 })
        .bindTooltip(this.t('you_are_here'))
    ]).addTo(this.map);
    this.location = e.latlng;
    if (this.cfg.nearestLayer && this.entries[this.cfg.nearestLayer]) {
      this.listNearest(this.entries[this.cfg.nearestLayer].cfg, e.latlng, 0.003);
    }
  };

  // The NEAREST_COUNT nearest features of layerCfg, from a box around `at` grown until full.
  PolisApp.prototype.listNearest = function (layerCfg, at, half) {
    var app = this;
    var bounds = L.latLngBounds([at.lat - half, at.lng - half * 1.3], [at.lat + half, at.lng + half * 1.3]);
    fetch(layerCfg.items + '?bbox=' + bboxParam(bounds) + '&limit=' + layerCfg.limit)
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (fc) {
        if (fc.features.length < NEAREST_COUNT && half < 0.05) {
          app.listNearest(layerCfg, at, half * 3);
          return;
        }
        var ranked = fc.features.map(function (f) {
          return { feature: f, metres: at.distanceTo(featureLatLng(f)) };
        }).sort(function (a, b) { return a.metres - b.metres; }).slice(0, NEAREST_COUNT);
        app.showNearest(layerCfg, ranked);
      })
      .catch(function () { app.notify(app.t('load_error')); });
  };

  PolisApp.prototype.showNearest = function (layerCfg, ranked) {
    var app = this;
    if (!app.nearestBox) {
      app.nearestBox = node('div', 'polis-nearest leaflet-bar', app.map.getContainer());
      L.DomEvent.disableClickPropagation(app.nearestBox);
      L.DomEvent.disableScrollPropagation(app.nearestBox);
    }
    var box = app.nearestBox;
    function render() {
      box.innerHTML = '';
      var head = node('div', 'polis-nearest-head', box);
      node('h2', '', head).textContent = app.t('nearest') + ': ' + app.tr(layerCfg.title);
      var close = node('button', 'polis-close', head);
      close.type = 'button';
      close.textContent = '×';
      close.title = app.t('close');
      L.DomEvent.on(close, 'click', function () { box.remove(); app.nearestBox = null; });
      var list = node('ol', '', box);
      ranked.forEach(function (item) {
        var button = node('button', '', node('li', '', list));
        button.type = 'button';
        button.dataset.fid = String(item.feature.id);
        button.dataset.metres = item.metres.toFixed(1);
        button.textContent = (app.featureTitle(layerCfg, item.feature.properties) || item.feature.id) +
          ' — ' + Math.round(item.metres) + ' m';
        L.DomEvent.on(button, 'click', function () {
          app.showPopup(layerCfg, item.feature.properties, item.feature.id, featureLatLng(item.feature));
        });
      });
    }
    render();
    app.nearestRender = render;
  };

  PolisApp.prototype.notify = function (message) {
    var toast = node('div', 'polis-toast', this.map.getContainer());
    toast.setAttribute('role', 'status');
    toast.textContent = message;
    setTimeout(function () { toast.remove(); }, 4000);
  };

  Polis.controls.Search = SearchControl;
  Polis.controls.Locate = LocateControl;
})(window.Polis);
