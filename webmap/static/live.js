/*
 * Polis live map channel: keeps the drawn GeoJSON layers current without reloading.
 *
 * Subscribes to /live (Server-Sent Events) with the visible GeoJSON layers and the view;
 * a "features" event replaces those features in place (same id), a "reload" event
 * fetches the layer's view again. The subscription follows the view and the layer tree.
 * Loaded after polis-map.js; wraps Polis.start.
 */
(function () {
  'use strict';

  var Polis = window.Polis;
  var RESUBSCRIBE_MS = 300;

  function Live(app) {
    this.app = app;
    this.source = null;
    this.token = null;
    this.key = '';
    this.timer = null;
    this.updates = 0;
  }

  Live.prototype.visibleLayers = function () {
    return this.app.order.filter(function (entry) {
      return entry.visible && !entry.cfg.tiles;
    }).map(function (entry) { return entry.cfg.id; });
  };

  // A new view opens a new stream naming the old one ("replaces"): the server ends the
  // old stream and the browser closes it then, so no request is ever aborted.
  Live.prototype.subscribe = function () {
    var layers = this.visibleLayers();
    var url = '/live?layers=' + encodeURIComponent(layers.join(',')) +
      '&bbox=' + Polis.util.bboxParam(this.app.map.getBounds());
    if (url === this.key || !layers.length || !window.EventSource) { return; }
    this.key = url;
    if (this.token) { url += '&replaces=' + encodeURIComponent(this.token); }
    var live = this;
    var opened = false;
    var source = new EventSource(url);
    this.source = source;
    source.addEventListener('ready', function (e) {
      if (source !== live.source) { return; }
      live.token = JSON.parse(e.data).stream;
      // The server ends a stream now and then; after a reconnection the view is fetched
      // again, so nothing changed in between is missed.
      if (opened) {
        layers.forEach(function (id) {
          var entry = live.app.entries[id];
          if (entry && entry.visible) { live.app.refresh(entry); }
        });
      }
      opened = true;
    });
    source.addEventListener('error', function () {
      if (source !== live.source) { source.close(); }  // replaced: ended by the server
    });
    source.addEventListener('features', function (e) { live.onFeatures(JSON.parse(e.data)); });
    source.addEventListener('reload', function (e) {
      var entry = live.app.entries[JSON.parse(e.data).layer];
      if (entry && entry.visible) { live.app.refresh(entry); }
    });
  };

  Live.prototype.later = function () {
    var live = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { live.subscribe(); }, RESUBSCRIBE_MS);
  };

  // Replace each feature in place: the old marker goes, the new one is drawn.
  Live.prototype.onFeatures = function (body) {
    var entry = this.app.entries[body.layer];
    if (!entry || !entry.visible || entry.cfg.tiles) { return; }
    var byId = {};
    body.features.forEach(function (f) { byId[String(f.id)] = f; });
    entry.layer.eachLayer(function (layer) {
      if (layer.feature && byId[String(layer.feature.id)]) { entry.layer.removeLayer(layer); }
    });
    entry.layer.addData({ type: 'FeatureCollection', features: body.features });
    entry.count = entry.layer.getLayers().length;
    this.updates += 1;
    var s = this.app.popupState;
    if (s && s.cfg.id === body.layer && byId[String(s.fid)]) {
      s.props = byId[String(s.fid)].properties;
      this.app.rerenderPopup();
    }
  };

  var start = Polis.start;
  Polis.start = function (map, cfg) {
    var app = start(map, cfg);
    var live = new Live(app);
    app.live = live;
    map.on('moveend', function () { live.later(); });
    map.on('overlayadd overlayremove layeradd layerremove', function () { live.later(); });
    live.subscribe();
    return app;
  };
  Polis.Live = Live;
})();
