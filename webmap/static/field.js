/*
 * Polis field map for the green-space crews: sign in, today's orders, inspections,
 * closing an order with a photo and the GPS position, adding a tree by tapping the map.
 * Every edit goes to an outbox in IndexedDB first and is sent when there is a connection
 * (OGC API – Features Part 4 with If-Match; /green for orders and photos). A 412 (someone
 * changed the asset meanwhile) becomes a conflict the crew resolves; nothing is dropped.
 */
(function () {
  'use strict';
  var TOKEN_KEY = 'polis.field.token';
  var DB_NAME = 'polis-field';
  var app = null;
  var ui = {};
  var syncing = null;

  // ------------------------------------------------------------------ IndexedDB outbox
  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
        req.result.createObjectStore('conflicts', { keyPath: 'id' });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function tx(store, mode, fn) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(store, mode);
        var result = fn(t.objectStore(store));
        t.oncomplete = function () { resolve(result && 'result' in result ? result.result : result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  function all(store) { return tx(store, 'readonly', function (s) { return s.getAll(); }); }
  function put(store, item) { return tx(store, 'readwrite', function (s) { return s.put(item); }); }
  function remove(store, id) { return tx(store, 'readwrite', function (s) { return s.delete(id); }); }

  function enqueue(item) {
    item.queuedAt = new Date().toISOString();
    item.key = item.key || (Date.now().toString(36) + Math.random().toString(36).slice(2, 10));
    return put('outbox', item).then(function () { render(); return sync(); });
  }

  // ------------------------------------------------------------------ HTTP
  function token() { try { return localStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }
  function authHeaders(extra) {
    var h = extra || {};
    if (token()) { h.Authorization = 'Bearer ' + token(); }
    return h;
  }
  function api(path, options) {
    options = options || {};
    options.headers = authHeaders(options.headers);
    return fetch(path, options);
  }
  function postJson(path, body, headers) {
    return api(path, {
      method: 'POST', body: JSON.stringify(body),
      headers: Object.assign({ 'Content-Type': 'application/json' }, headers || {})
    });
  }

  // ------------------------------------------------------------------ sending the outbox
  function send(item) {
    if (item.type === 'inspection' || item.type === 'create') {
      return api('/ogc/collections/' + item.layer + '/items', {
        method: 'POST', body: JSON.stringify(item.feature),
        headers: { 'Content-Type': 'application/geo+json' }
      }).then(function (r) {
        // a retry of an inspection already stored: its client key is taken
        if (r.status === 422 && item.type === 'inspection') {
          return r.text().then(function (t) { return /client_key/.test(t) ? 'done' : fail(r, t); });
        }
        return r.ok ? 'done' : fail(r);
      });
    }
    if (item.type === 'patch') {
      return api('/ogc/collections/' + item.layer + '/items/' + item.fid, {
        method: 'PATCH', body: JSON.stringify({ type: 'Feature', properties: item.properties }),
        headers: { 'Content-Type': 'application/geo+json', 'If-Match': item.etag }
      }).then(function (r) { return r.status === 412 ? 'conflict' : (r.ok ? 'done' : fail(r)); });
    }
    if (item.type === 'close') {
      var upload = Promise.resolve();
      if (item.photo && !item.photoSent) {
        var form = new FormData();
        form.append('file', item.photo, 'photo.jpg');
        if (item.lon !== null) { form.append('lon', item.lon); form.append('lat', item.lat); }
        upload = api('/green/orders/' + item.orderId + '/photos', { method: 'POST', body: form })
          .then(function (r) {
            if (!r.ok) { return fail(r); }
            item.photoSent = true;
            return put('outbox', item);
          });
      }
      return upload.then(function () {
        return postJson('/green/orders/' + item.orderId + '/status', {
          status: 'done', note: item.note || null, lon: item.lon, lat: item.lat
        });
      }).then(function (r) { return r.ok || r.status === 409 ? 'done' : fail(r); });
    }
    return Promise.resolve('done');
  }
  function fail(response, text) {
    var err = new Error('HTTP ' + response.status + (text ? ': ' + text : ''));
    err.status = response.status;
    throw err;
  }

  function sync() {
    if (syncing) { return syncing; }
    if (!navigator.onLine || !token()) { render(); return Promise.resolve(); }
    syncing = all('outbox').then(function (items) {
      return items.reduce(function (chain, item) {
        return chain.then(function () {
          return send(item).then(function (outcome) {
            if (outcome === 'conflict') {
              return fetchCurrent(item).then(function (current) {
                item.current = current;
                return put('conflicts', item);
              }).then(function () { return remove('outbox', item.id); });
            }
            return remove('outbox', item.id);
          }).catch(function (err) {
            if (err.status && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 408 && err.status !== 429) {
              item.error = String(err.message).slice(0, 300);   // kept, shown, never dropped
              return put('outbox', item);
            }
            if (err.status === 401) {                            // signed out: sign in again, the outbox waits
              try { localStorage.removeItem(TOKEN_KEY); } catch (e) { /* ignore */ }
            }
            throw err;                                          // offline or server trouble: stop, retry later
          });
        });
      }, Promise.resolve());
    }).catch(function () { /* retried on the next 'online' or Sync */ })
      .then(function () { syncing = null; render(); loadDay(); });
    return syncing;
  }

  function fetchCurrent(item) {
    return api('/ogc/collections/' + item.layer + '/items/' + item.fid, { cache: 'no-store' })
      .then(function (r) {
        var etag = r.headers.get('ETag');
        return r.json().then(function (f) { return { etag: etag, properties: f.properties }; });
      });
  }

  // ------------------------------------------------------------------ position
  function position() {
    return new Promise(function (resolve) {
      var fallback = function () {
        var c = app.map.getCenter();
        resolve({ lon: c.lng, lat: c.lat, gps: false });
      };
      if (!navigator.geolocation) { fallback(); return; }
      navigator.geolocation.getCurrentPosition(function (p) {
        resolve({ lon: p.coords.longitude, lat: p.coords.latitude, gps: true });
      }, fallback, { enableHighAccuracy: true, timeout: 5000, maximumAge: 60000 });
    });
  }

  // ------------------------------------------------------------------ the panel
  function el(tag, attrs, parent, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) { n.textContent = text; }
    if (parent) { parent.appendChild(n); }
    return n;
  }
  function t(key) { return app.t(key); }

  function buildPanel() {
    var box = el('div', { class: 'polis-field leaflet-bar', id: 'polis-field' });
    box.style.cssText = 'position:absolute;right:10px;bottom:24px;z-index:1000;background:#fff;' +
      'padding:8px;max-width:320px;max-height:60vh;overflow:auto;font:14px sans-serif';
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    app.map.getContainer().appendChild(box);
    ui.status = el('div', { id: 'field-status' }, box);
    ui.syncButton = el('button', { type: 'button', id: 'field-sync' }, box);
    ui.syncButton.addEventListener('click', function () { sync(); });
    ui.login = el('form', { id: 'field-login' }, box);
    ui.email = el('input', { type: 'email', name: 'email', id: 'field-email', autocomplete: 'username' }, ui.login);
    ui.password = el('input', { type: 'password', name: 'password', id: 'field-password', autocomplete: 'current-password' }, ui.login);
    ui.loginButton = el('button', { type: 'submit', id: 'field-sign-in' }, ui.login);
    ui.loginError = el('div', { class: 'field-error' }, ui.login);
    ui.login.addEventListener('submit', function (e) { e.preventDefault(); signIn(); });
    ui.main = el('div', { id: 'field-main' }, box);
    ui.addTree = el('button', { type: 'button', id: 'field-add-tree' }, ui.main);
    ui.addTree.addEventListener('click', startAddTree);
    ui.signOut = el('button', { type: 'button', id: 'field-sign-out' }, ui.main);
    ui.signOut.addEventListener('click', function () { localStorage.removeItem(TOKEN_KEY); render(); });
    ui.dayTitle = el('h3', {}, ui.main);
    ui.orders = el('ul', { id: 'field-orders' }, ui.main);
    ui.orders.style.cssText = 'display:flex;flex-direction:column;padding-left:1em';
    ui.conflicts = el('div', { id: 'field-conflicts' }, box);
    ui.form = el('div', { id: 'field-form' }, box);
    app.onLanguage(function () { render(); });
  }

  function render() {
    if (!ui.status) { return; }
    ui.email.placeholder = t('email');
    ui.password.placeholder = t('password');
    ui.loginButton.textContent = t('sign_in');
    ui.signOut.textContent = t('sign_out');
    ui.addTree.textContent = '+ ' + t('add_tree');
    ui.syncButton.textContent = '⟳ ' + t('sync');
    ui.dayTitle.textContent = t('today');
    ui.login.style.display = token() ? 'none' : '';
    ui.main.style.display = token() ? '' : 'none';
    Promise.all([all('outbox'), all('conflicts')]).then(function (lists) {
      var pending = lists[0];
      ui.status.textContent = (navigator.onLine ? t('online') : t('offline')) + ' · ' +
        pending.length + ' ' + t('pending');
      ui.status.dataset.pending = String(pending.length);
      renderRefused(pending.filter(function (item) { return item.error; }));
      ui.status.dataset.conflicts = String(lists[1].length);
      renderConflicts(lists[1]);
    });
    renderOrders();
  }

  // ------------------------------------------------------------------ sign-in and the day
  function signIn() {
    var body = new URLSearchParams({ username: ui.email.value, password: ui.password.value });
    fetch('/auth/token', { method: 'POST', body: body }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(function (data) {
      localStorage.setItem(TOKEN_KEY, data.access_token);
      ui.loginError.textContent = '';
      render();
      loadDay();
      sync();
    }).catch(function () { ui.loginError.textContent = t('sign_in_failed'); });
  }

  var day = { crew: null, orders: [] };
  var orderLayer = null;

  function loadDay() {
    if (!token()) { return Promise.resolve(); }
    return api('/green/me').then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        day = data;
        renderOrders();
        cacheArea();
        loadRoute();
      }).catch(function () { /* offline without a cached copy */ });
  }

  var routeLayer = null;
  function loadRoute() {
    // the day's open orders as a round trip over the streets (kept by the worker too)
    if (!day.crew) { return; }
    api('/green/crews/' + day.crew.id + '/route?day=' + day.day)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (route) {
        if (routeLayer) { routeLayer.remove(); routeLayer = null; }
        if (!route || !route.path.length) { return; }
        routeLayer = L.polyline(route.path.map(function (p) { return [p[1], p[0]]; }),
          { color: '#e65100', weight: 3, opacity: 0.7, dashArray: '6 6' }).addTo(app.map);
        route.orders.forEach(function (id, i) {
          var li = ui.orders.querySelector('li[data-order="' + id + '"]');
          if (li) { li.dataset.stop = String(i + 1); li.style.order = String(i + 1); }
        });
        ui.orders.dataset.route = route.orders.join(',');
        ui.dayTitle.textContent = t('today') + ' · ' + (route.length_m / 1000).toFixed(1) + ' km';
      }).catch(function () { /* offline: no route */ });
  }

  var speciesList = null;
  function loadSpecies() {
    if (speciesList) { return; }
    speciesList = el('datalist', { id: 'field-species-list' }, document.body);
    fetch('/green/species').then(function (r) { return r.ok ? r.json() : { species: [] }; })
      .then(function (data) {
        data.species.forEach(function (s) {
          el('option', { value: s.latin }, speciesList, s.name_el + ' / ' + s.name_en);
        });
      }).catch(function () { /* offline without a cached copy: free text */ });
  }

  function cacheArea() {
    // the assets around today's orders pass through the service worker into its cache
    if (!day.orders.length || !navigator.onLine) { return; }
    var lons = day.orders.map(function (o) { return o.lon; });
    var lats = day.orders.map(function (o) { return o.lat; });
    var pad = 0.003;
    var bbox = [Math.min.apply(null, lons) - pad, Math.min.apply(null, lats) - pad,
      Math.max.apply(null, lons) + pad, Math.max.apply(null, lats) + pad].map(function (v) { return v.toFixed(6); }).join(',');
    ['trees', 'green_assets'].forEach(function (layer) {
      api('/ogc/collections/' + layer + '/items?limit=1000&bbox=' + bbox).catch(function () {});
    });
  }

  function renderOrders() {
    if (!ui.orders) { return; }
    ui.orders.innerHTML = '';
    if (orderLayer) { orderLayer.remove(); }
    orderLayer = L.layerGroup().addTo(app.map);
    if (!day.crew) { el('li', {}, ui.orders, token() ? t('no_crew') : ''); return; }
    if (!day.orders.length) { el('li', {}, ui.orders, t('no_orders')); }
    day.orders.forEach(function (o) {
      var li = el('li', { 'data-order': String(o.id), 'data-status': o.status }, ui.orders);
      el('strong', {}, li, '#' + o.id + ' ' + o.kind);
      el('div', {}, li, (o.description || '') + ' · ' + o.status);
      if (o.status !== 'done' && o.status !== 'cancelled') {
        var close = el('button', { type: 'button', class: 'field-close' }, li, t('close_order'));
        close.addEventListener('click', function () { closeForm(o); });
        if (o.asset_layer === 'trees') {
          var inspect = el('button', { type: 'button', class: 'field-inspect' }, li, t('inspect'));
          inspect.addEventListener('click', function () { inspectForm(o.asset_id, o.id); });
          var edit = el('button', { type: 'button', class: 'field-edit' }, li, t('edit_tree'));
          edit.addEventListener('click', function () { editTreeForm(o.asset_id); });
        }
      }
      L.circleMarker([o.lat, o.lon], { radius: 8, color: '#e65100' }).addTo(orderLayer);
    });
  }

  // ------------------------------------------------------------------ forms
  function clearForm() { ui.form.innerHTML = ''; }
  function formButtons(onSave) {
    var row = el('div', {}, ui.form);
    var save = el('button', { type: 'button', id: 'field-save' }, row, t('save'));
    var cancel = el('button', { type: 'button' }, row, t('cancel'));
    save.addEventListener('click', onSave);
    cancel.addEventListener('click', clearForm);
  }
  function select(name, values, labels) {
    var s = el('select', { name: name, id: 'field-' + name }, ui.form);
    values.forEach(function (v) {
      var opt = el('option', { value: v }, s, labels && labels[v] ? labels[v][app.lang] : v);
      opt.value = v;
    });
    return s;
  }
  function labelsOf(layer, prop) {
    var cfg = app.cfg.layers.filter(function (l) { return l.id === layer; })[0];
    return cfg && cfg.values ? cfg.values[prop] : null;
  }

  function closeForm(order) {
    clearForm();
    el('h4', {}, ui.form, t('close_order') + ' #' + order.id);
    var file = el('input', { type: 'file', accept: 'image/*', capture: 'environment', id: 'field-photo' }, ui.form);
    var note = el('textarea', { id: 'field-note', placeholder: t('notes') }, ui.form);
    formButtons(function () {
      var photo = file.files && file.files[0] ? file.files[0] : null;
      position().then(function (p) {
        return enqueue({ type: 'close', orderId: order.id, photo: photo, note: note.value, lon: p.lon, lat: p.lat });
      }).then(clearForm);
    });
  }

  var CONDITIONS = ['good', 'fair', 'poor', 'dead'];
  var RISKS = ['low', 'moderate', 'high', 'extreme'];

  function inspectForm(treeId, orderId) {
    clearForm();
    el('h4', {}, ui.form, t('inspect') + ' · ' + treeId);
    el('label', {}, ui.form, t('condition'));
    var cond = select('condition', CONDITIONS, labelsOf('trees', 'condition'));
    el('label', {}, ui.form, t('risk'));
    var risk = select('risk', RISKS, labelsOf('trees', 'risk'));
    var notes = el('textarea', { id: 'field-notes', placeholder: t('notes') }, ui.form);
    formButtons(function () {
      position().then(function (p) {
        var key = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
        return enqueue({
          type: 'inspection', layer: 'tree_inspections', key: key,
          feature: {
            type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
            properties: {
              tree_id: treeId, order_id: orderId || null, condition: cond.value, risk: risk.value,
              notes: notes.value || null, client_key: key,
              inspected_on: new Date().toISOString().slice(0, 10)
            }
          }
        });
      }).then(clearForm);
    });
  }

  function editTreeForm(treeId) {
    clearForm();
    el('h4', {}, ui.form, t('edit_tree') + ' · ' + treeId);
    api('/ogc/collections/trees/items/' + treeId).then(function (r) {
      var etag = r.headers.get('ETag');
      return r.json().then(function (f) {
        el('label', {}, ui.form, t('condition'));
        var cond = select('condition', CONDITIONS, labelsOf('trees', 'condition'));
        cond.value = f.properties.condition;
        el('label', {}, ui.form, t('risk'));
        var risk = select('risk', RISKS, labelsOf('trees', 'risk'));
        risk.value = f.properties.risk;
        formButtons(function () {
          enqueue({ type: 'patch', layer: 'trees', fid: treeId, etag: etag,
            properties: { condition: cond.value, risk: risk.value } }).then(clearForm);
        });
      });
    }).catch(function () { el('div', { class: 'field-error' }, ui.form, t('error')); });
  }

  function startAddTree() {
    clearForm();
    el('div', { id: 'field-tap-hint' }, ui.form, t('tap_map'));
    app.map.once('click', function (e) {
      clearForm();
      el('h4', {}, ui.form, t('add_tree'));
      var species = el('input', { id: 'field-species', list: 'field-species-list', placeholder: t('species') }, ui.form);
      var dbh = el('input', { id: 'field-dbh', type: 'number', min: '1', max: '500', placeholder: t('dbh') }, ui.form);
      formButtons(function () {
        enqueue({
          type: 'create', layer: 'trees',
          feature: {
            type: 'Feature', geometry: { type: 'Point', coordinates: [e.latlng.lng, e.latlng.lat] },
            properties: { species: species.value || 'Unknown', dbh_cm: dbh.value ? Number(dbh.value) : null }
          }
        }).then(clearForm);
      });
    });
  }

  // ------------------------------------------------------------------ refused edits
  function renderRefused(items) {
    if (!ui.refused) { ui.refused = el('div', { id: 'field-refused' }, ui.conflicts.parentNode); }
    ui.refused.innerHTML = '';
    items.forEach(function (item) {
      var box = el('div', { class: 'field-refused' }, ui.refused);
      el('div', { class: 'field-error' }, box, t('error') + ': ' + item.error);
      el('button', { type: 'button' }, box, t('cancel')).addEventListener('click', function () {
        remove('outbox', item.id).then(render);
      });
    });
  }

  // ------------------------------------------------------------------ conflicts
  function renderConflicts(items) {
    ui.conflicts.innerHTML = '';
    if (!items.length) { return; }
    el('h4', {}, ui.conflicts, t('conflicts') + ' (' + items.length + ')');
    items.forEach(function (item) {
      var box = el('div', { class: 'field-conflict', 'data-fid': String(item.fid) }, ui.conflicts);
      el('p', {}, box, t('conflict_text') + ' (' + item.layer + ' ' + item.fid + ')');
      Object.keys(item.properties).forEach(function (k) {
        el('div', {}, box, k + ': ' + t('mine') + ' = ' + item.properties[k] + ' · ' + t('theirs') +
          ' = ' + (item.current ? item.current.properties[k] : '?'));
      });
      var mine = el('button', { type: 'button', class: 'field-keep-mine' }, box, t('keep_mine'));
      var theirs = el('button', { type: 'button', class: 'field-keep-theirs' }, box, t('keep_theirs'));
      mine.addEventListener('click', function () {
        // send mine again over the version now current (the crew has seen it)
        var again = { type: 'patch', layer: item.layer, fid: item.fid, etag: item.current.etag,
          properties: item.properties };
        remove('conflicts', item.id).then(function () { return enqueue(again); });
      });
      theirs.addEventListener('click', function () { remove('conflicts', item.id).then(render); });
    });
  }

  // ------------------------------------------------------------------ start
  function start() {
    app = window.polisMap;
    if (!app) { setTimeout(start, 50); return; }
    buildPanel();
    render();
    loadSpecies();
    loadDay();
    sync();
    // an asset opened on the map offers the crew's actions on it
    app.map.on('popupopen', function (e) {
      var box = e.popup.getElement() && e.popup.getElement().querySelector('.polis-popup');
      if (!box || !token() || box.querySelector('.field-popup-actions')) { return; }
      var layer = box.dataset.layer;
      var fid = Number(box.dataset.fid);
      if (layer !== 'trees' || !fid) { return; }
      var row = el('div', { class: 'field-popup-actions' }, box);
      el('button', { type: 'button', class: 'field-inspect' }, row, t('inspect'))
        .addEventListener('click', function () { app.map.closePopup(); inspectForm(fid, null); });
      el('button', { type: 'button', class: 'field-edit' }, row, t('edit_tree'))
        .addEventListener('click', function () { app.map.closePopup(); editTreeForm(fid); });
    });
    window.addEventListener('online', function () { render(); sync(); });
    window.addEventListener('offline', render);
    window.polisField = { sync: sync, enqueue: enqueue, outbox: function () { return all('outbox'); },
      conflicts: function () { return all('conflicts'); }, reload: loadDay, ready: true };
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/field-sw.js', { scope: '/field' }).catch(function () {});
    }
  }
  start();
})();
