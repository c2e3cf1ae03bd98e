/*
 * The maps of the OGC API's HTML pages (collection, items, item, tiles), drawn offline.
 *
 * The basemap is Polis's own: the registry's basemap layers (boundaries, roads,
 * waterways, buildings, green areas), the tiled ones as Polis's vector tiles drawn by
 * Leaflet.VectorGrid, the others as GeoJSON of the view, all from Polis's own OGC API.
 * No public tile server, no CDN. The layers, their styles and the attribution come
 * from the generated pygeoapi configuration (server.map, see layers/ogc/config.py);
 * the page's texts from the template (Greek or English).
 *
 * PolisOgc.map(id, cfg, bounds) makes a map on the basemap; PolisOgc.features,
 * PolisOgc.extent and PolisOgc.tiles draw a page's own data over it.
 * PolisOgc.isDrawn() says when every map has drawn its basemap, PolisOgc.drawn() what it
 * drew (used by the tests).
 * Needs Leaflet 1.9 and Leaflet.VectorGrid 1.3 (installed by setup.sh with npm).
 */
(function () {
  'use strict';

  // How a page's own data is drawn: one colour that stands out from the basemap.
  var FEATURES = {
    color: '#d9480f', weight: 2.5, opacity: 0.95,
    fillColor: '#fd7e14', fillOpacity: 0.35, radius: 6
  };
  // GeoJSON basemap layers: features per request, requests per view at most.
  var PAGE = 1000;
  var MAX_PAGES = 5;
  // Basemap panes sit above Leaflet's tile pane (200) and below its overlays (400).
  var PANE_BASE = 210;

  var maps = [];

  // ------------------------------------------------------------------ helpers
  function isLine(geometry) { return /LineString/.test(geometry); }
  function isPoint(geometry) { return /Point/.test(geometry); }
  function rank(layer) { return isPoint(layer.geometry) ? 2 : (isLine(layer.geometry) ? 1 : 0); }

  function pathStyle(layer) {
    var s = layer.style;
    return {
      color: s.color,
      weight: s.weight,
      opacity: s.opacity,
      fill: !isLine(layer.geometry) && (s.fill !== null || s.fill_opacity > 0),
      fillColor: s.fill || s.color,
      fillOpacity: s.fill_opacity,
      radius: s.radius
    };
  }

  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  function bboxParam(bounds) {
    return [
      clamp(bounds.getWest(), -180, 180), clamp(bounds.getSouth(), -90, 90),
      clamp(bounds.getEast(), -180, 180), clamp(bounds.getNorth(), -90, 90)
    ].map(function (v) { return v.toFixed(6); }).join(',');
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // Every feature of an items query, following the API's "next" links (a few pages).
  function fetchPages(url, features, pagesLeft) {
    return fetch(url, { headers: { Accept: 'application/geo+json' } })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ': HTTP ' + response.status); }
        return response.json();
      })
      .then(function (page) {
        var all = features.concat(page.features || []);
        var next = (page.links || []).filter(function (l) { return l.rel === 'next'; })[0];
        return next && pagesLeft > 1 ? fetchPages(next.href, all, pagesLeft - 1) : all;
      });
  }

  // ------------------------------------------------------------------ the basemap
  function Basemap(map, cfg) {
    this.map = map;
    this.cfg = cfg;
    this.entries = [];
    this.started = false;
  }

  Basemap.prototype.start = function () {
    var self = this;
    var layers = self.cfg.basemap.map(function (layer, i) { return { layer: layer, i: i }; });
    // Areas under lines under points; registry order within each.
    layers.sort(function (a, b) { return (rank(a.layer) - rank(b.layer)) || (a.i - b.i); });
    layers.forEach(function (item, order) {
      var paneName = 'polis-base-' + item.layer.id;
      var pane = self.map.createPane(paneName);
      pane.style.zIndex = String(PANE_BASE + order);
      pane.style.pointerEvents = 'none';
      var entry = { layer: item.layer, paneName: paneName, ready: true, drawn: 0 };
      entry.leaflet = item.layer.tiles ? self.tiled(entry) : self.geojson(entry);
      entry.leaflet.addTo(self.map);
      self.entries.push(entry);
    });
    self.map.on('moveend', function () { self.refresh(); });
    self.started = true;
    self.refresh();
  };

  Basemap.prototype.tiled = function (entry) {
    var style = pathStyle(entry.layer);
    var styles = {};
    // Called for every feature a tile draws: count them (what the basemap holds).
    styles[entry.layer.id] = function () { entry.drawn += 1; return style; };
    var grid = L.vectorGrid.protobuf(this.cfg.tiles.replace('{layer}', entry.layer.id), {
      pane: entry.paneName,
      rendererFactory: L.canvas.tile,
      vectorTileLayerStyles: styles,
      interactive: false,
      minZoom: entry.layer.min_zoom,
      maxNativeZoom: 20
    });
    grid.on('loading', function () { entry.ready = false; });
    grid.on('load', function () { entry.ready = true; });
    return grid;
  };

  Basemap.prototype.geojson = function (entry) {
    var style = pathStyle(entry.layer);
    var renderer = L.canvas({ pane: entry.paneName, padding: 0.5 });
    entry.seq = 0;
    entry.covered = null;
    return L.geoJSON(null, {
      pane: entry.paneName,
      interactive: false,
      style: function () { return L.extend({ renderer: renderer }, style); },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, L.extend({ renderer: renderer, interactive: false }, style));
      }
    });
  };

  // Fetch the GeoJSON layers again when the view leaves the area they hold.
  Basemap.prototype.refresh = function () {
    var self = this;
    var view = self.map.getBounds();
    self.entries.forEach(function (entry) {
      if (entry.layer.tiles || (entry.covered && entry.covered.contains(view))) { return; }
      var area = view.pad(0.5);
      var seq = ++entry.seq;
      var url = self.cfg.ogc + '/collections/' + encodeURIComponent(entry.layer.id) +
        '/items?f=json&limit=' + PAGE + '&bbox=' + bboxParam(area);
      entry.ready = false;
      fetchPages(url, [], MAX_PAGES)
        .then(function (features) {
          if (seq !== entry.seq) { return; }
          entry.leaflet.clearLayers();
          entry.leaflet.addData(features);
          entry.covered = area;
          entry.drawn = entry.leaflet.getLayers().length;
        })
        .catch(function (err) { window.console.warn('Polis basemap:', err.message); })
        .then(function () { if (seq === entry.seq) { entry.ready = true; } });
    });
  };

  Basemap.prototype.isDrawn = function () {
    return this.started && this.entries.every(function (entry) { return entry.ready; });
  };

  // Per layer, the features drawn: from the tiles so far, or of the view (GeoJSON).
  Basemap.prototype.drawn = function () {
    var out = {};
    this.entries.forEach(function (entry) { out[entry.layer.id] = entry.drawn; });
    return out;
  };

  // The basemap's layers in a small legend, with the page's own data first.
  function legend(map, cfg) {
    var control = L.control({ position: 'bottomleft' });
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'polis-legend');
      var rows = [];
      if (cfg.text && cfg.text.features) {
        rows.push('<i style="border-color:' + FEATURES.color + ';background:' +
          FEATURES.fillColor + '66"></i>' + escapeHtml(cfg.text.features));
      }
      cfg.basemap.forEach(function (layer) {
        var s = pathStyle(layer);
        var swatch = isLine(layer.geometry)
          ? '<i class="polis-line" style="border-color:' + s.color + '"></i>'
          : '<i style="border-color:' + s.color + ';background:' +
            (s.fill ? s.fillColor : 'transparent') + '"></i>';
        rows.push(swatch + escapeHtml(layer.title));
      });
      div.innerHTML = rows.join('<br>');
      return div;
    };
    control.addTo(map);
  }

  function attribution(cfg) {
    var sources = [];
    cfg.basemap.forEach(function (layer) {
      if (layer.source && sources.indexOf(layer.source) < 0) { sources.push(layer.source); }
    });
    var text = cfg.attribution + (sources.length ? ' (' + sources.join(', ') + ')' : '');
    return escapeHtml(text) + ' · <a href="' + escapeHtml(cfg.ogc) + '">OGC API</a>';
  }

  // ------------------------------------------------------------------ public API
  var PolisOgc = {};

  /**
   * A map in element `id` showing `bounds` over Polis's own basemap.
   * cfg: {ogc, tiles, attribution, basemap, text}; fit: Leaflet fitBounds options.
   */
  PolisOgc.map = function (id, cfg, bounds, fit) {
    var map = L.map(id, { maxZoom: 19 });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    map.attributionControl.addAttribution(attribution(cfg));
    if (bounds && bounds.isValid()) {
      map.fitBounds(bounds, L.extend({ maxZoom: 17, padding: [16, 16] }, fit || {}));
    } else {
      map.setView([0, 0], 2);
    }
    map.polisBasemap = new Basemap(map, cfg);
    map.polisBasemap.start();
    legend(map, cfg);
    maps.push(map);
    return map;
  };

  /** The bounds of GeoJSON `data` (a feature, a collection or a list of features). */
  PolisOgc.bounds = function (data) {
    return L.geoJSON(data).getBounds();
  };

  /**
   * Draw GeoJSON `data` over the basemap; with opts.itemsUrl each feature opens a popup
   * linking to its own page, titled by opts.titleField when it has one.
   */
  PolisOgc.features = function (map, data, opts) {
    var options = opts || {};
    return L.geoJSON(data, {
      style: function () { return L.extend({ className: 'polis-feature' }, FEATURES); },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, L.extend({ className: 'polis-feature' }, FEATURES));
      },
      onEachFeature: function (feature, layer) {
        if (!options.itemsUrl) { return; }
        layer.bindPopup(function () {
          var props = feature.properties || {};
          var title = options.titleField ? props[options.titleField] : null;
          var link = document.createElement('a');
          link.href = options.itemsUrl + '/' + encodeURIComponent(feature.id) + '?f=html';
          link.textContent = title === null || title === undefined || title === ''
            ? String(feature.id) : String(title);
          return link;
        });
      }
    }).addTo(map);
  };

  /** Outline the box [west, south, east, north] (a collection's extent). */
  PolisOgc.extent = function (map, bbox) {
    return L.rectangle(PolisOgc.boxBounds(bbox), {
      className: 'polis-extent', color: FEATURES.color, weight: 2, dashArray: '6 4',
      fill: false, interactive: false
    }).addTo(map);
  };

  /** Leaflet bounds of [west, south, east, north], latitudes kept within Web Mercator. */
  PolisOgc.boxBounds = function (bbox) {
    var east = bbox[2] < bbox[0] ? bbox[2] + 360 : bbox[2];  // across the antimeridian
    return L.latLngBounds(
      [clamp(bbox[1], -85.05, 85.05), bbox[0]], [clamp(bbox[3], -85.05, 85.05), east]
    );
  };

  /** Draw a collection's own vector tiles (URL with {z}/{x}/{y}) over the basemap. */
  PolisOgc.tiles = function (map, url, layerId, maxZoom) {
    var styles = {};
    styles[layerId] = L.extend({ fill: true }, FEATURES);
    return L.vectorGrid.protobuf(url, {
      rendererFactory: L.canvas.tile,
      vectorTileLayerStyles: styles,
      interactive: false,
      maxNativeZoom: maxZoom
    }).addTo(map);
  };

  /** Whether every map of the page has drawn its basemap (nothing pending). */
  PolisOgc.isDrawn = function () {
    return maps.length > 0 && maps.every(function (map) { return map.polisBasemap.isDrawn(); });
  };

  /** Per map, the features each basemap layer drew. */
  PolisOgc.drawn = function () {
    return maps.map(function (map) { return map.polisBasemap.drawn(); });
  };

  PolisOgc.maps = maps;
  window.PolisOgc = PolisOgc;
}());
