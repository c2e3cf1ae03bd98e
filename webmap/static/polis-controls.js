/*
 * Polis web map: the title, the language switch and the layer tree with its legend.
 * Registers its controls on window.Polis (polis-map.js, loaded before this file).
 */
(function (Polis) {
  'use strict';

  var node = Polis.util.node;
  var isLine = Polis.util.isLine;

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

  Polis.controls.Title = TitleControl;
  Polis.controls.Language = LanguageControl;
  Polis.controls.LayerTree = LayerTreeControl;
})(window.Polis);
