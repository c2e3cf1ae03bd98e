/* Polis — street markets on the public map: today's markets and their street closures,
 * and a product finder ("where do I find apples today?"). Uses /markets/today and
 * /markets/products; texts in Greek and English. */
(function (Polis) {
  'use strict';
  var node = Polis.util.node;
  var escapeHtml = Polis.util.escapeHtml;
  var TEXT = {
    title: { el: 'Λαϊκές σήμερα', en: "Today's markets" },
    none: { el: 'Καμία λαϊκή σήμερα', en: 'No market today' },
    closed: { el: 'κλειστοί δρόμοι', en: 'closed streets' },
    find: { el: 'Πού θα βρω… (π.χ. μήλα)', en: 'Where do I find… (e.g. apples)' },
    stall: { el: 'Πάγκος', en: 'Stall' },
    nothing: { el: 'Δεν βρέθηκε σήμερα', en: 'Not found today' }
  };
  function tr(app, key) { return TEXT[key][app.lang] || TEXT[key].el; }
  function hhmm(t) { return String(t).slice(0, 5); }

  var MarketsControl = L.Control.extend({
    options: { position: 'topright' },
    onAdd: function () {
      var app = this.app;
      var box = node('div', 'polis-markets leaflet-bar');
      var head = node('button', 'polis-markets-toggle', box);
      head.type = 'button';
      var body = node('div', 'polis-markets-body', box);
      body.hidden = true;
      var list = node('ul', 'polis-markets-list', body);
      var input = node('input', 'polis-markets-find', body);
      input.type = 'search';
      input.autocomplete = 'off';
      var found = node('ul', 'polis-markets-found', body);
      var streets = L.geoJSON(null, { style: { color: '#8d6e63', weight: 7, opacity: 0.6 } });
      var closures = L.geoJSON(null, {
        style: { color: '#d32f2f', weight: 5, dashArray: '8 6', className: 'polis-closure' }
      });
      var today = null;
      var timer = null;
      function render() {
        head.textContent = '🧺 ' + tr(app, 'title');
        input.placeholder = tr(app, 'find');
        list.innerHTML = '';
        if (!today) { return; }
        if (!today.markets.length) { node('li', 'polis-empty', list).textContent = tr(app, 'none'); }
        today.markets.forEach(function (m) {
          var li = node('li', 'polis-market', list);
          li.dataset.market = String(m.id);
          li.innerHTML = escapeHtml(app.lang === 'en' ? m.name_en : m.name_el) +
            ' <small>' + hhmm(m.opens) + '–' + hhmm(m.closes) + '</small>';
        });
        var n = today.closures.features.length;
        if (n) { node('li', 'polis-closures', list).textContent = n + ' ' + tr(app, 'closed'); }
      }
      function load() {
        fetch('/markets/today').then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            if (!data) { return; }
            today = data;
            streets.clearLayers();
            data.markets.forEach(function (m) { streets.addData(m.geometry); });
            closures.clearLayers().addData(data.closures);
            render();
          });
      }
      function find(q) {
        found.innerHTML = '';
        if (q.trim().length < 2) { return; }
        fetch('/markets/products?q=' + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (rows) {
            found.innerHTML = '';
            if (!rows.length) { node('li', 'polis-empty', found).textContent = tr(app, 'nothing'); }
            rows.forEach(function (row) {
              var button = node('button', '', node('li', '', found));
              button.type = 'button';
              button.innerHTML = escapeHtml(row.goods) + ' <small>' + tr(app, 'stall') + ' ' +
                row.stall_number + ', ' + escapeHtml(app.lang === 'en' ? row.market_en : row.market_el) +
                '</small>';
              L.DomEvent.on(button, 'click', function () { app.map.setView([row.lat, row.lon], 19); });
            });
          });
      }
      L.DomEvent.on(head, 'click', function () {
        body.hidden = !body.hidden;
        if (!body.hidden) {
          streets.addTo(app.map);
          closures.addTo(app.map);
          load();
        } else {
          app.map.removeLayer(streets);
          app.map.removeLayer(closures);
        }
      });
      L.DomEvent.on(input, 'input', function () {
        clearTimeout(timer);
        timer = setTimeout(function () { find(input.value); }, 250);
      });
      app.onLanguage(render);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });

  // The public map gets the control once the application starts.
  var start = Polis.start;
  Polis.start = function (map, cfg) {
    var app = start(map, cfg);
    if (cfg.audience === 'citizens') {
      var control = new MarketsControl();
      control.app = app;
      control.addTo(map);
    }
    return app;
  };
  Polis.controls.Markets = MarketsControl;
})(window.Polis);
