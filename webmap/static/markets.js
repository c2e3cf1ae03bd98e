/* Polis — street markets on the maps. Public map: today's markets and their street
 * closures, and a product finder ("where do I find apples today?"), from /markets/today
 * and /markets/products. Field map: inspectors mark each held stall present or absent
 * and see whether its fee is paid; marks wait in a queue in localStorage while the
 * phone is offline and are sent to /markets/attendance when it is online (each with its
 * own client id, so a resent queue is taken once). Texts in Greek and English. */
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
    nothing: { el: 'Δεν βρέθηκε σήμερα', en: 'Not found today' },
    attendance: { el: 'Παρουσίες πάγκων', en: 'Stall attendance' },
    choose: { el: '— λαϊκή αγορά —', en: '— street market —' },
    present: { el: 'Παρών', en: 'Present' },
    absent: { el: 'Απών', en: 'Absent' },
    queued: { el: 'σε αναμονή αποστολής', en: 'waiting to be sent' },
    sign_in: { el: 'Συνδεθείτε στον χάρτη πεδίου', en: 'Sign in on the field map' },
    warned: { el: 'Έγγραφη σύσταση για απουσίες', en: 'Written warning for absences' },
    paid: { el: 'πληρωμένο', en: 'paid' },
    due: { el: 'οφειλή', en: 'due' }
  };
  var TOKEN_KEY = 'polis.field.token';
  var QUEUE_KEY = 'polis.markets.attendance';
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

  // ------------------------------------------------------------------ field: attendance
  function token() { try { return localStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }
  function queue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || '[]'); } catch (e) { return []; }
  }
  function saveQueue(items) { localStorage.setItem(QUEUE_KEY, JSON.stringify(items)); }
  function today() {
    var d = new Date();
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' +
      String(d.getDate()).padStart(2, '0');
  }

  var AttendanceControl = L.Control.extend({
    options: { position: 'topright' },
    onAdd: function () {
      var app = this.app;
      var box = node('div', 'polis-markets polis-attendance leaflet-bar');
      var head = node('button', 'polis-markets-toggle', box);
      head.type = 'button';
      var body = node('div', 'polis-markets-body', box);
      body.hidden = true;
      var select = node('select', 'polis-attendance-market', body);
      var status = node('div', 'polis-attendance-status', body);
      var list = node('ul', 'polis-attendance-stalls', body);
      var sending = false;
      function render() {
        head.textContent = '🧺 ' + tr(app, 'attendance');
        if (select.options.length) { select.options[0].textContent = tr(app, 'choose'); }
        var waiting = queue().length;
        status.textContent = !token() ? tr(app, 'sign_in') :
          (waiting ? waiting + ' ' + tr(app, 'queued') : '');
        status.dataset.queued = String(waiting);
      }
      function sync() {
        var items = queue();
        if (sending || !items.length || !navigator.onLine || !token()) { render(); return; }
        sending = true;
        fetch('/markets/attendance', {
          method: 'POST', body: JSON.stringify(items),
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token() }
        }).then(function (r) {
          if (!r.ok) { return null; }
          var sent = items.map(function (i) { return i.client_id; });
          saveQueue(queue().filter(function (i) { return sent.indexOf(i.client_id) < 0; }));
          return r.json();
        }).then(function (result) {
          if (result && result.warnings.length) { app.notify(tr(app, 'warned')); }
        }).catch(function () { /* offline: the queue stays */ })
          .then(function () { sending = false; render(); });
      }
      function mark(stall, present, row) {
        var items = queue();
        items.push({
          client_id: 'att-' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10),
          stall_id: stall.id, day: today(), present: present
        });
        saveQueue(items);
        row.dataset.marked = present ? 'present' : 'absent';
        render();
        sync();
      }
      function loadStalls(id) {
        list.innerHTML = '';
        if (!id || !token()) { render(); return; }
        fetch('/markets/' + id + '/stalls', { headers: { Authorization: 'Bearer ' + token() } })
          .then(function (r) { return r.ok ? r.json() : { features: [] }; })
          .then(function (fc) {
            fc.features.filter(function (f) { return f.properties.holder; }).forEach(function (f) {
              var p = f.properties;
              var row = node('li', 'polis-attendance-stall', list);
              row.dataset.stall = String(f.id);
              var fee = p.payment === 'paid' ? '✓ ' + tr(app, 'paid') :
                (p.payment === 'none' ? '' : '€ ' + tr(app, 'due'));
              node('span', '', row).innerHTML = tr(app, 'stall') + ' ' + p.stall_number + ' — ' +
                escapeHtml(p.holder) + ' <small class="polis-fee">' + fee + '</small>';
              [[true, 'present'], [false, 'absent']].forEach(function (choice) {
                var b = node('button', 'polis-' + choice[1], row);
                b.type = 'button';
                b.textContent = tr(app, choice[1]);
                L.DomEvent.on(b, 'click', function () { mark(f, choice[0], row); });
              });
            });
          });
      }
      L.DomEvent.on(head, 'click', function () {
        body.hidden = !body.hidden;
        if (body.hidden || select.options.length) { return; }
        node('option', '', select).value = '';
        fetch('/ogc/collections/markets/items?limit=100')
          .then(function (r) { return r.ok ? r.json() : { features: [] }; })
          .then(function (fc) {
            fc.features.forEach(function (f) {
              var o = node('option', '', select);
              o.value = String(f.id);
              o.textContent = app.lang === 'en' ? f.properties.name_en : f.properties.name_el;
            });
            render();
          });
      });
      L.DomEvent.on(select, 'change', function () { loadStalls(select.value); });
      window.addEventListener('online', sync);
      app.onLanguage(render);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      window.polisMarkets = { sync: sync, queue: queue };
      sync();
      return box;
    }
  });

  // The public map gets the markets panel, the field map the attendance panel.
  var start = Polis.start;
  Polis.start = function (map, cfg) {
    var app = start(map, cfg);
    var Control = { citizens: MarketsControl, field: AttendanceControl }[cfg.audience];
    if (Control) {
      var control = new Control();
      control.app = app;
      control.addTo(map);
    }
    return app;
  };
  Polis.controls.Markets = MarketsControl;
  Polis.controls.Attendance = AttendanceControl;
})(window.Polis);
