/*
 * Polis web map page script.
 *
 * Polis.start(map, config) draws the layers of one audience on a folium-built Leaflet map.
 * Every feature comes live from Polis's OGC API: GeoJSON limited to the view for small
 * layers (re-fetched on every pan and zoom), Mapbox Vector Tiles for large ones. The
 * configuration (layer titles, styles, attribute labels, UI texts in Greek and English)
 * is generated from the layer registry by webmap/page.py.
 *
 * This file holds the application (layers, popups, language); polis-controls.js adds the
 * title, language switch and layer tree, polis-tools.js the search box and "locate me".
 * Needs Leaflet 1.9 and Leaflet.VectorGrid 1.3 (installed by setup.sh with npm).
 */
(function () {
  'use strict';

  // Leaflet >= 1.8 dropped DomEvent.fakeStop, which VectorGrid's canvas renderer calls on click.
  if (!L.DomEvent.fakeStop) {
    L.DomEvent.fakeStop = function (e) { e._stopped = true; };
  }

  // VectorGrid's point symbolizers have no LatLng, which Leaflet 1.9 reads for every mouse
  // event on a small marker: lend them the pointer's position for the time of the event.
  var fireTileEvent = L.Canvas.Tile.prototype._fireEvent;
  L.Canvas.Tile.prototype._fireEvent = function (layers, e, type) {
    var lent = [];
    if (layers && this._map && e && e.clientX !== undefined) {
      var at = this._map.mouseEventToLatLng(e);
      layers.forEach(function (layer) {
        if (layer.getLatLng && !layer._latlng) { layer._latlng = at; lent.push(layer); }
      });
    }
    try {
      return fireTileEvent.call(this, layers, e, type);
    } finally {
      lent.forEach(function (layer) { delete layer._latlng; });
    }
  };

  // VectorGrid builds tile URLs from the map's zoom and ignores zoomOffset: with 512 px
  // tiles one level down (see webmap/layer_config.py) the URL needs the offset zoom.
  var OffsetProtobuf = L.VectorGrid.Protobuf.extend({
    _getVectorTilePromise: function (coords, tileBounds) {
      var shifted = L.point(coords.x, coords.y);
      shifted.z = coords.z + (this.options.zoomOffset || 0);
      return L.VectorGrid.Protobuf.prototype._getVectorTilePromise.call(this, shifted, tileBounds);
    }
  });

  var LANG_KEY = 'polis.lang';
  var FID = '__polis_fid';

  // ------------------------------------------------------------------ small helpers
  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function node(tag, className, parent) {
    return L.DomUtil.create(tag, className || '', parent);
  }

  function initialLang() {
    var asked = new URLSearchParams(window.location.search).get('lang');
    if (asked === 'el' || asked === 'en') {
      try { window.localStorage.setItem(LANG_KEY, asked); } catch (e) { /* not remembered */ }
      return asked;
    }
    try {
      var saved = window.localStorage.getItem(LANG_KEY);
      if (saved === 'el' || saved === 'en') { return saved; }
    } catch (e) { /* storage disabled: Greek */ }
    return 'el';
  }

  function bboxParam(bounds) {
    return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map(function (v) { return v.toFixed(6); }).join(',');
  }

  function featureLatLng(feature) {
    var g = feature.geometry;
    if (g && g.type === 'Point') { return L.latLng(g.coordinates[1], g.coordinates[0]); }
    return L.geoJSON(feature).getBounds().getCenter();
  }

  // ------------------------------------------------------------------ styles
  function isLine(geometry) { return /LineString/.test(geometry); }

  function pathStyle(layerCfg) {
    var s = layerCfg.style;
    var fill = !isLine(layerCfg.geometry) && (s.fill !== null || s.fill_opacity > 0);
    return {
      color: s.color,
      weight: s.weight,
      opacity: s.opacity,
      fill: fill,
      fillColor: s.fill || s.color,
      fillOpacity: s.fill_opacity,
      radius: s.radius
    };
  }

  // ------------------------------------------------------------------ the application
  function PolisApp(map, cfg) {
    this.map = map;
    this.cfg = cfg;
    this.lang = initialLang();
    this.entries = {};
    this.order = [];
    this.listeners = [];
    this.popupState = null;
    this.drawnAt = null;
  }

  PolisApp.prototype.t = function (key) { return this.cfg.text[key][this.lang]; };
  PolisApp.prototype.tr = function (text) { return text ? text[this.lang] : ''; };

  PolisApp.prototype.onLanguage = function (fn) { this.listeners.push(fn); fn(this.lang); };

  PolisApp.prototype.setLanguage = function (lang) {
    this.lang = lang;
    try { window.localStorage.setItem(LANG_KEY, lang); } catch (e) { /* ignore */ }
    var url = new URL(window.location.href);
    url.searchParams.set('lang', lang);
    window.history.replaceState(null, '', url);
    this.listeners.forEach(function (fn) { fn(lang); });
  };

  PolisApp.prototype.start = function () {
    var app = this;
    app.map.attributionControl.setPrefix(false);
    app.cfg.layers.forEach(function (layerCfg, i) { app.addEntry(layerCfg, i); });
    app.map.on('moveend', function () { app.refreshAll(); });
    app.map.on('popupclose', function () { app.popupState = null; });
    app.onLanguage(function (lang) {
      document.documentElement.lang = lang;
      document.title = app.tr(app.cfg.title);
      app.map.attributionControl.removeAttribution(app.attribution || '');
      app.attribution = escapeHtml(app.t('municipality')) + ' · <a href="' + app.cfg.ogc + '">OGC API</a>';
      app.map.attributionControl.addAttribution(app.attribution);
      app.rerenderPopup();
    });
    app.refreshAll();
  };

  // Areas under lines under points; registry order within each (overlay panes are 400-599).
  function paneZIndex(layerCfg, index) {
    var rank = /Point/.test(layerCfg.geometry) ? 2 : (isLine(layerCfg.geometry) ? 1 : 0);
    return 400 + rank * 60 + index;
  }

  // One entry per layer: its own pane (fixed drawing order), its Leaflet layer.
  PolisApp.prototype.addEntry = function (layerCfg, index) {
    var paneName = 'polis-' + layerCfg.id;
    var pane = this.map.createPane(paneName);
    pane.style.zIndex = String(paneZIndex(layerCfg, index));
    var entry = {
      cfg: layerCfg, pane: pane, paneName: paneName, visible: false,
      ready: true, seq: 0, count: 0, error: false
    };
    entry.layer = layerCfg.tiles ? this.tileLayer(entry) : this.geojsonLayer(entry);
    this.entries[layerCfg.id] = entry;
    this.order.push(entry);
    // start() fetches every visible layer once, after all entries exist.
    if (layerCfg.visible) { this.setVisible(layerCfg.id, true, { initial: true }); }
  };

  PolisApp.prototype.geojsonLayer = function (entry) {
    var app = this;
    var style = pathStyle(entry.cfg);
    var className = 'polis-feature polis-feature-' + entry.cfg.id;
    return L.geoJSON(null, {
      pane: entry.paneName,
      style: function () { return L.extend({ className: className }, style); },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, L.extend({ pane: entry.paneName, className: className }, style));
      },
      onEachFeature: function (feature, layer) {
        layer.on('add', function () {
          if (layer._path) { layer._path.setAttribute('data-fid', String(feature.id)); }
        });
        layer.on('click', function (e) {
          app.showPopup(entry.cfg, feature.properties, feature.id, e.latlng);
        });
      }
    });
  };

  PolisApp.prototype.tileLayer = function (entry) {
    var app = this;
    var styles = {};
    styles[entry.cfg.id] = pathStyle(entry.cfg);
    var layer = new OffsetProtobuf(entry.cfg.tiles, {
      pane: entry.paneName,
      rendererFactory: L.canvas.tile,
      vectorTileLayerStyles: styles,
      interactive: true,
      minZoom: entry.cfg.minZoom,
      tileSize: entry.cfg.tileSize,
      zoomOffset: entry.cfg.zoomOffset,
      maxNativeZoom: 20,
      // The symbolizer handed to click handlers keeps only the properties: carry the id there.
      getFeatureId: function (f) { f.properties[FID] = f.id; return f.id; }
    });
    layer.on('loading', function () { entry.ready = false; });
    layer.on('load', function () { entry.ready = true; app.checkDrawn(); });
    layer.on('tileerror', function () { entry.error = true; });
    layer.on('click', function (e) {
      app.showPopup(entry.cfg, e.layer.properties, e.layer.properties[FID], e.latlng);
    });
    return layer;
  };

  PolisApp.prototype.setVisible = function (id, visible, options) {
    var entry = this.entries[id];
    var initial = Boolean(options && options.initial);
    if (!entry || entry.visible === visible) { return; }
    entry.visible = visible;
    if (visible) {
      entry.layer.addTo(this.map);
      if (!entry.cfg.tiles && !initial) { this.refresh(entry); }
      entry.ready = entry.cfg.tiles ? !this.inZoom(entry) || entry.ready : entry.ready;
    } else {
      this.map.removeLayer(entry.layer);
      entry.ready = true;
      if (!entry.cfg.tiles) { entry.layer.clearLayers(); entry.count = 0; }
    }
    if (!initial) { this.checkDrawn(); }
  };

  PolisApp.prototype.inZoom = function (entry) { return this.map.getZoom() >= entry.cfg.minZoom; };

  PolisApp.prototype.refreshAll = function () {
    var app = this;
    app.order.forEach(function (entry) {
      if (!entry.visible) { return; }
      if (entry.cfg.tiles) {
        if (!app.inZoom(entry)) { entry.ready = true; }
      } else {
        app.refresh(entry);
      }
    });
    app.checkDrawn();
  };

  // The token of a member of staff signed in on this origin (the field map's sign-in).
  var STAFF_TOKEN_KEY = 'polis.field.token';
  function staffToken() {
    try { return window.localStorage.getItem(STAFF_TOKEN_KEY); } catch (e) { return null; }
  }

  // Every feature of an items query, following the API's "next" links.
  function fetchAllPages(url, features, headers) {
    return fetch(url, { headers: headers })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      })
      .then(function (page) {
        var all = features.concat(page.features);
        var next = (page.links || []).filter(function (l) { return l.rel === 'next'; })[0];
        return next ? fetchAllPages(next.href, all, headers) : all;
      });
  }

  // GeoJSON of the current view; a response older than the latest request is dropped.
  PolisApp.prototype.refresh = function (entry) {
    var app = this;
    var seq = ++entry.seq;
    var url = entry.cfg.items + '?bbox=' + bboxParam(app.map.getBounds()) + '&limit=' + entry.cfg.limit;
    var headers = { Accept: 'application/geo+json' };
    if (entry.cfg.restricted) {
      var token = staffToken();
      if (!token) {  // not signed in: a restricted layer stays empty, nothing is asked for
        entry.locked = true;
        entry.ready = true;
        app.checkDrawn();
        return;
      }
      headers.Authorization = 'Bearer ' + token;
      entry.locked = false;
    }
    entry.ready = false;
    fetchAllPages(url, [], headers)
      .then(function (features) {
        if (seq !== entry.seq || !entry.visible) { return; }
        entry.layer.clearLayers();
        entry.layer.addData({ type: 'FeatureCollection', features: features });
        entry.count = features.length;
        entry.error = false;
        entry.ready = true;
        app.checkDrawn();
      })
      .catch(function () {
        if (seq !== entry.seq) { return; }
        entry.error = true;
        entry.ready = true;
        app.checkDrawn();
      });
  };

  PolisApp.prototype.isDrawn = function () {
    return this.order.every(function (entry) { return !entry.visible || entry.ready; });
  };

  // Marks (Performance API) the first time every visible layer is drawn: bench/webmap_load.py.
  PolisApp.prototype.checkDrawn = function () {
    if (this.drawnAt === null && this.isDrawn()) {
      this.drawnAt = performance.now();
      performance.mark('polis:drawn');
    }
    this.listeners.forEach(function (fn) { if (fn.onState) { fn.onState(); } });
  };

  // ------------------------------------------------------------------ popups
  PolisApp.prototype.formatValue = function (layerCfg, prop, value) {
    if (typeof value === 'boolean') { return this.t(value ? 'yes' : 'no'); }
    var labels = layerCfg.values[prop.name];
    if (labels && labels[value]) { return labels[value][this.lang]; }
    if (typeof value === 'number') {
      return value.toLocaleString(this.lang === 'el' ? 'el-GR' : 'en-GB');
    }
    return String(value);
  };

  PolisApp.prototype.featureTitle = function (layerCfg, props) {
    var name = null;
    if (this.lang === 'en' && props.name_en) { name = props.name_en; }
    if (!name && layerCfg.titleField) { name = props[layerCfg.titleField]; }
    if (name !== null && name !== undefined && layerCfg.values[layerCfg.titleField]) {
      var label = layerCfg.values[layerCfg.titleField][name];
      if (label) { name = label[this.lang]; }
    }
    return name;
  };

  PolisApp.prototype.popupHtml = function (layerCfg, props, fid) {
    var app = this;
    var title = app.featureTitle(layerCfg, props);
    var rows = layerCfg.properties.filter(function (p) {
      var v = props[p.name];
      return v !== null && v !== undefined && v !== '';
    }).map(function (p) {
      return '<tr data-property="' + escapeHtml(p.name) + '"><th>' + escapeHtml(p.label[app.lang]) +
        '</th><td>' + escapeHtml(app.formatValue(layerCfg, p, props[p.name])) + '</td></tr>';
    }).join('');
    return '<div class="polis-popup" data-layer="' + escapeHtml(layerCfg.id) + '" data-fid="' +
      escapeHtml(fid) + '"><div class="polis-popup-layer">' + escapeHtml(layerCfg.title[app.lang]) +
      '</div>' + (title ? '<h2>' + escapeHtml(title) + '</h2>' : '') +
      '<table>' + rows + '</table></div>';
  };

  PolisApp.prototype.showPopup = function (layerCfg, props, fid, latlng) {
    this.popupState = { cfg: layerCfg, props: props || {}, fid: fid };
    this.popup = L.popup({ maxWidth: 320, autoPanPadding: [20, 20] })
      .setLatLng(latlng)
      .setContent(this.popupHtml(layerCfg, props || {}, fid))
      .openOn(this.map);
  };

  PolisApp.prototype.rerenderPopup = function () {
    var s = this.popupState;
    if (s && this.popup) { this.popup.setContent(this.popupHtml(s.cfg, s.props, s.fid)); }
  };


  // ------------------------------------------------------------------ entry point
  // Controls are registered by polis-controls.js and polis-tools.js (loaded after this file).
  function start(map, cfg) {
    var app = new PolisApp(map, cfg);
    var c = Polis.controls;
    var searchable = cfg.layers.some(function (l) { return l.searchFields.length; });
    [c.Title].concat(searchable ? [c.Search] : [], cfg.locate ? [c.Locate] : [])
      .concat([c.Language, c.LayerTree])
      .forEach(function (Control) {
        var control = new Control();
        control.app = app;
        control.addTo(map);
      });
    app.onLanguage(function () { if (app.nearestBox && app.nearestRender) { app.nearestRender(); } });
    app.start();
    window.polisMap = app;
    return app;
  }

  var Polis = window.Polis = {
    start: start,
    App: PolisApp,
    controls: {},
    util: {
      escapeHtml: escapeHtml, node: node, bboxParam: bboxParam,
      featureLatLng: featureLatLng, isLine: isLine
    }
  };
})();
