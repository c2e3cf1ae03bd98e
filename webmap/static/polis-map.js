/*
 * Polis web map page script.
 *
 * Polis.start(map, config) draws the layers of one audience on a folium-built Leaflet map.
 * Every feature comes live from Polis's OGC API: GeoJSON limited to the view for small
 * layers (re-fetched on every pan and zoom), Mapbox Vector Tiles for large ones. The
 * configuration (layer titles, styles, attribute labels, UI texts in Greek and English)
 * is generated from the layer registry by webmap/page.py.
 *
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
  var NEAREST_COUNT = 10;
  var FID = '__polis_fid';

  // ------------------------------------------------------------------ small helpers
  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function node(tag, className, parent) {
    var el = L.DomUtil.create(tag, className || '', parent);
    return el;
  }

  function initialLang() {
    var asked = new URLSearchParams(window.location.search).get('lang');
    if (asked === 'el' || asked === 'en') { return asked; }
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
    if (layerCfg.visible) { this.setVisible(layerCfg.id, true, { quiet: true }); }
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
    styles[entry.cfg.id] = L.extend({}, pathStyle(entry.cfg), { fill: pathStyle(entry.cfg).fill });
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
    if (!entry || entry.visible === visible) { return; }
    entry.visible = visible;
    if (visible) {
      entry.layer.addTo(this.map);
      if (!entry.cfg.tiles) { this.refresh(entry); }
      entry.ready = entry.cfg.tiles ? !this.inZoom(entry) || entry.ready : entry.ready;
    } else {
      this.map.removeLayer(entry.layer);
      entry.ready = true;
      if (!entry.cfg.tiles) { entry.layer.clearLayers(); entry.count = 0; }
    }
    if (!(options && options.quiet)) { this.checkDrawn(); }
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

  // GeoJSON of the current view; a response older than the latest request is dropped.
  PolisApp.prototype.refresh = function (entry) {
    var app = this;
    var seq = ++entry.seq;
    var url = entry.cfg.items + '?bbox=' + bboxParam(app.map.getBounds()) + '&limit=' + entry.cfg.limit;
    entry.ready = false;
    fetch(url, { headers: { Accept: 'application/geo+json' } })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      })
      .then(function (collection) {
        if (seq !== entry.seq || !entry.visible) { return; }
        entry.layer.clearLayers();
        entry.layer.addData(collection);
        entry.count = collection.features.length;
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

  // ------------------------------------------------------------------ controls
  var TitleControl = L.Control.extend({
    options: { position: 'topleft' },
    onAdd: function () {
      var app = this.app;
      var box = node('div', 'polis-title leaflet-bar');
      var h1 = node('h1', '', box);
      app.onLanguage(function () { h1.textContent = app.tr(app.cfg.title); });
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });

  var LanguageControl = L.Control.extend({
    options: { position: 'topright' },
    onAdd: function () {
      var app = this.app;
      var button = node('button', 'polis-lang leaflet-bar');
      button.type = 'button';
      app.onLanguage(function (lang) {
        button.textContent = app.t('switch_language');
        button.lang = lang === 'el' ? 'en' : 'el';
        button.title = app.t('language');
      });
      L.DomEvent.disableClickPropagation(button);
      L.DomEvent.on(button, 'click', function () { app.setLanguage(app.lang === 'el' ? 'en' : 'el'); });
      return button;
    }
  });

  function swatch(layerCfg, parent) {
    var s = layerCfg.style;
    var kind = /Point/.test(layerCfg.geometry) ? 'point' : (isLine(layerCfg.geometry) ? 'line' : 'polygon');
    var el = node('span', 'polis-swatch polis-swatch-' + kind, parent);
    el.style.borderColor = s.color;
    if (kind === 'line') {
      el.style.borderTopWidth = Math.max(2, Math.min(5, s.weight)) + 'px';
    } else if (s.fill || s.fill_opacity > 0) {
      el.style.backgroundColor = s.fill || s.color;
    }
    return el;
  }

  // The layer tree: basemap and thematic sections, a legend swatch per layer.
  var LayerTreeControl = L.Control.extend({
    options: { position: 'topright' },
    onAdd: function () {
      var app = this.app;
      var box = node('div', 'polis-tree leaflet-bar');
      var toggle = node('button', 'polis-tree-toggle', box);
      toggle.type = 'button';
      var panel = node('div', 'polis-tree-panel', box);
      var expanded = window.innerWidth >= 700;
      function setExpanded(on) {
        expanded = on;
        box.classList.toggle('polis-expanded', on);
        toggle.setAttribute('aria-expanded', String(on));
      }
      setExpanded(expanded);
      L.DomEvent.on(toggle, 'click', function () { setExpanded(!expanded); });
      var sections = [
        { key: 'basemap', layers: app.cfg.layers.filter(function (l) { return l.basemap; }) },
        { key: 'thematic', layers: app.cfg.layers.filter(function (l) { return !l.basemap; }) }
      ];
      var updaters = [];
      sections.forEach(function (section) {
        if (!section.layers.length) { return; }
        var heading = node('h2', '', panel);
        updaters.push(function () { heading.textContent = app.t(section.key); });
        section.layers.forEach(function (layerCfg) { updaters.push(layerRow(app, layerCfg, panel)); });
        if (section.key === 'basemap') { updaters.push(onlineRow(app, panel)); }
      });
      app.onLanguage(function () {
        toggle.textContent = '☰ ' + app.t('layers');
        updaters.forEach(function (fn) { fn(); });
      });
      var zoomNotes = function () {
        panel.querySelectorAll('[data-min-zoom]').forEach(function (row) {
          row.classList.toggle('polis-out-of-zoom', app.map.getZoom() < Number(row.dataset.minZoom));
        });
      };
      app.map.on('zoomend', zoomNotes);
      zoomNotes();
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });

  function layerRow(app, layerCfg, panel) {
    var row = node('label', 'polis-layer-row', panel);
    row.dataset.layer = layerCfg.id;
    var box = node('input', '', row);
    box.type = 'checkbox';
    box.checked = layerCfg.visible;
    swatch(layerCfg, row);
    var title = node('span', 'polis-layer-title', row);
    var note = node('small', 'polis-layer-note', row);
    if (layerCfg.minZoom > 0) { row.dataset.minZoom = String(layerCfg.minZoom); }
    L.DomEvent.on(box, 'change', function () { app.setVisible(layerCfg.id, box.checked); });
    return function () {
      title.textContent = app.tr(layerCfg.title);
      row.title = app.tr(layerCfg.description);
      note.textContent = layerCfg.minZoom > 0 ? app.t('zoom_in_to_see') + ' ' + layerCfg.minZoom : '';
    };
  }

  // The optional online raster basemap: off by default, Polis works without internet.
  function onlineRow(app, panel) {
    var row = node('label', 'polis-layer-row polis-online', panel);
    row.dataset.layer = 'online_basemap';
    var box = node('input', '', row);
    box.type = 'checkbox';
    node('span', 'polis-swatch polis-swatch-raster', row);
    var title = node('span', 'polis-layer-title', row);
    var online = app.cfg.onlineBasemap;
    var raster = L.tileLayer(online.url, { attribution: online.attribution, maxZoom: 19 });
    L.DomEvent.on(box, 'change', function () {
      if (box.checked) { raster.addTo(app.map); } else { app.map.removeLayer(raster); }
    });
    return function () { title.textContent = app.t('online_basemap'); };
  }

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
          var url = layerCfg.items + '?limit=8&filter-lang=cql2-text&filter=' +
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

  // ------------------------------------------------------------------ entry point
  function start(map, cfg) {
    var app = new PolisApp(map, cfg);
    var searchable = cfg.layers.some(function (l) { return l.searchFields.length; });
    [TitleControl].concat(searchable ? [SearchControl] : [], cfg.locate ? [LocateControl] : [])
      .concat([LanguageControl, LayerTreeControl])
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

  window.Polis = { start: start };
})();
