/*
 * /participation: processes, their phase and budgets, proposals on the map and in a
 * list, resident verification, the ballot (knapsack or approval), a new proposal, and
 * the results with participation and money by neighbourhood.
 */
(function (P) {
  'use strict';

  var node = P.node;
  var select = document.getElementById('process');
  var map = P.map();
  var drawn = L.featureGroup().addTo(map);
  var marker = null;
  var state = { process: null, proposals: [], resident: null };

  function phaseText(phase) { return P.t('phase_' + phase); }

  function showProcess() {
    var p = state.process;
    document.getElementById('phase').textContent = phaseText(p.phase);
    var timeline = document.getElementById('timeline');
    timeline.textContent = '';
    ['proposals_from', 'review_from', 'voting_from', 'voting_until', 'implementation_from'].forEach(function (key) {
      node('dt', timeline, P.t(key));
      node('dd', timeline, P.date(p[key]));
    });
    var budgets = document.getElementById('budgets');
    budgets.textContent = '';
    p.budgets.forEach(function (b) {
      node('li', budgets, (b.neighbourhood || P.t('city_wide')) + ': ' + P.money(b.amount) + ' €');
    });
    var choice = document.getElementById('p-budget');
    choice.textContent = '';
    p.budgets.forEach(function (b) {
      var o = node('option', choice, b.neighbourhood || P.t('city_wide'));
      o.value = b.neighbourhood || '';
    });
  }

  function showProposals() {
    var list = document.getElementById('proposals');
    list.textContent = '';
    drawn.clearLayers();
    if (!state.proposals.length) { node('li', list, P.t('no_proposals')); }
    state.proposals.forEach(function (f) {
      var q = f.properties;
      var item = node('li', list, null, 'card');
      node('h3', item, q.title);
      node('p', item, q.description);
      var facts = node('dl', item);
      node('dt', facts, P.t('neighbourhood'));
      node('dd', facts, q.budget_neighbourhood || P.t('city_wide'));
      node('dt', facts, P.t('cost'));
      node('dd', facts, P.money(q.reviewed_cost || q.estimated_cost));
      node('dt', facts, P.t('verdict'));
      node('dd', facts, P.t('verdict_' + q.verdict));
      if (q.answer) {
        node('dt', facts, P.t('answer'));
        node('dd', facts, q.answer);
      }
      if (q.funded) {
        node('dt', facts, P.t('progress'));
        node('dd', facts, P.t('funded') + ' — ' + P.t('progress_' + q.progress));
      }
      q.photos.forEach(function (id) {
        var img = node('img', item);
        img.src = '/participation/photos/' + id;
        img.alt = q.title;
        img.loading = 'lazy';
      });
      var layer = L.geoJSON(f, {
        style: { color: '#8a2be2', weight: 4 },
        pointToLayer: function (_, latlng) { return L.circleMarker(latlng, { radius: 7, color: '#5b1a99' }); }
      });
      layer.bindTooltip(q.title);
      drawn.addLayer(layer);
    });
  }

  function showBallot() {
    var section = document.getElementById('ballot-section');
    var p = state.process;
    section.hidden = !(state.resident && p.phase === 'voting');
    if (section.hidden) { return; }
    P.api('/participation/processes/' + p.id + '/ballot-options').then(function (opts) {
      var box = document.getElementById('ballot-options');
      box.textContent = '';
      opts.projects.forEach(function (project) {
        var row = node('div', box, null, 'check');
        var input = node('input', row);
        input.type = 'checkbox';
        input.id = 'choice-' + project.id;
        input.value = project.id;
        input.dataset.cost = project.cost;
        var label = node('label', row, project.title + ' — ' + P.money(project.cost) + ' €');
        label.htmlFor = input.id;
      });
      state.voted = opts.chosen !== null;
      (opts.chosen || []).forEach(function (id) {
        var input = document.getElementById('choice-' + id);
        if (input) { input.checked = true; }
      });
    }).then(updateTotal).catch(P.fail);
  }

  function updateTotal() {
    var total = 0;
    document.querySelectorAll('#ballot-options input:checked').forEach(function (i) { total += Number(i.dataset.cost); });
    document.getElementById('ballot-total').textContent = P.money(total) + ' €';
  }

  function showResults() {
    var p = state.process;
    var section = document.getElementById('results-section');
    section.hidden = !(p.phase === 'results' || p.phase === 'implementation');
    if (section.hidden) { return; }
    var titles = {};
    state.proposals.forEach(function (f) { titles[f.id] = f.properties.title; });
    P.api('/participation/processes/' + p.id + '/results').then(function (res) {
      var box = document.getElementById('results');
      box.textContent = '';
      res.budgets.forEach(function (b) {
        node('h3', box, (b.neighbourhood || P.t('city_wide')) + ' — ' + P.money(b.amount) + ' €');
        var list = node('ul', box);
        b.votes.forEach(function (v) {
          var funded = b.funded.indexOf(v.id) >= 0;
          node('li', list, (titles[v.id] || v.id) + ': ' + v.votes + ' ' + P.t('votes') +
            (funded ? ' — ' + P.t('funded') : ''), funded ? 'funded' : '');
        });
        var link = node('a', box, '.pb (pabulib)');
        link.href = b.pabulib;
      });
    }).catch(P.fail);
    P.api('/participation/processes/' + p.id + '/statistics').then(function (stats) {
      var areas = stats.neighbourhoods.features.map(function (f) { return f.properties; });
      var body = document.querySelector('#areas tbody');
      body.textContent = '';
      areas.forEach(function (a) {
        var row = node('tr', body);
        node('th', row, areaName(a)).scope = 'row';
        node('td', row, a.ballots);
        node('td', row, a.turnout === null ? '—' : (a.turnout * 100).toFixed(1) + ' %');
        node('td', row, a.money_per_head === null ? '—' : P.money(a.money_per_head));
      });
      bars('chart-turnout', areas, 'turnout');
      bars('chart-money', areas, 'money_per_head');
      var overlay = document.querySelector('#overlay tbody');
      overlay.textContent = '';
      stats.projects.features.forEach(function (f) {
        var q = f.properties;
        var row = node('tr', overlay);
        node('th', row, q.title).scope = 'row';
        node('td', row, q.funded ? P.t('yes') : P.t('no'));
        node('td', row, q.flood_hazards.length ? q.flood_hazards.join(', ') : P.t('none'));
        node('td', row, q.crossings_nearby);
      });
      floodZones();
      var max = Math.max.apply(null, areas.map(function (a) { return a.turnout || 0; }));
      L.geoJSON(stats.neighbourhoods, {
        style: function (f) {
          var share = max ? (f.properties.turnout || 0) / max : 0;
          return { color: '#333', weight: 1, fillColor: '#1565c0', fillOpacity: 0.1 + 0.5 * share };
        },
        interactive: false
      }).addTo(map);
    }).catch(P.fail);
  }

  // The flood zones under the projects (our own OGC API), drawn once.
  var floods = null;
  function floodZones() {
    if (floods) { return; }
    floods = L.layerGroup().addTo(map);
    fetch('/ogc/collections/flood_zones/items?f=json&limit=500').then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      if (data) {
        L.geoJSON(data, { style: { color: '#0d47a1', weight: 1, fillColor: '#42a5f5', fillOpacity: 0.3 }, interactive: false }).addTo(floods);
        drawn.bringToFront();
      }
    });
  }

  function areaName(a) { return P.lang === 'el' ? a.name_el : (a.name_en || a.name_el); }

  // A bar per neighbourhood (hidden from screen readers: the table holds the figures).
  function bars(id, areas, key) {
    var chart = document.getElementById(id);
    chart.textContent = '';
    chart.setAttribute('aria-hidden', 'true');
    var max = Math.max.apply(null, areas.map(function (a) { return a[key] || 0; }));
    areas.forEach(function (a) {
      var bar = node('div', chart, null, 'bar');
      node('span', bar, areaName(a), 'bar-label');
      var fill = node('span', bar, null, 'bar-fill');
      fill.style.width = (max ? (100 * (a[key] || 0) / max) : 0) + '%';
    });
  }

  function load(id) {
    Promise.all([
      P.api('/participation/processes/' + id),
      P.api('/participation/processes/' + id + '/proposals')
    ]).then(function (both) {
      if (String(select.value) !== String(both[0].id)) { return; }  // another one chosen since
      state.process = both[0];
      state.proposals = both[1].features;
      document.querySelector('footer a').href = '/participation/processes/' + id + '/proposals.csv';
      showProcess();
      showProposals();
      showBallot();
      showResults();
      document.getElementById('propose-section').hidden = !(state.resident && state.process.phase === 'proposals');
      if (drawn.getLayers().length) { map.fitBounds(drawn.getBounds(), { maxZoom: 17 }); }
    }).catch(P.fail);
  }

  function loadResident(signedIn) {
    var verify = document.getElementById('verify');
    var who = document.getElementById('resident');
    state.resident = null;
    who.textContent = '';
    if (!signedIn) { verify.hidden = true; if (state.process) { load(state.process.id); } return; }
    P.api('/participation/me').then(function (me) {
      state.resident = me;
      who.textContent = P.t('verified_as') + ': ' + me.neighbourhood;
      verify.hidden = true;
    }).catch(function () {
      verify.hidden = false;
    }).then(function () { if (state.process) { load(state.process.id); } });
  }

  document.getElementById('verify').addEventListener('submit', function (event) {
    event.preventDefault();
    var code = document.getElementById('code').value.trim();
    var body = code ? { code: code } : {
      document_number: document.getElementById('document').value,
      birth_year: Number(document.getElementById('birth').value)
    };
    P.api('/participation/verify', { method: 'POST', json: body }).then(function () {
      P.say(P.t('saved'));
      loadResident(true);
    }).catch(P.fail);
  });

  document.getElementById('ballot-options').addEventListener('change', updateTotal);
  document.getElementById('ballot').addEventListener('submit', function (event) {
    event.preventDefault();
    var chosen = [];
    document.querySelectorAll('#ballot-options input:checked').forEach(function (i) { chosen.push(Number(i.value)); });
    P.api('/participation/processes/' + state.process.id + '/ballot', {
      method: state.voted ? 'PUT' : 'POST', json: { projects: chosen }
    }).then(function () {
      state.voted = true;
      P.say(P.t('vote_saved'));
    }).catch(P.fail);
  });

  map.on('click', function (event) {
    if (document.getElementById('propose-section').hidden) { return; }
    document.getElementById('p-lon').value = event.latlng.lng.toFixed(6);
    document.getElementById('p-lat').value = event.latlng.lat.toFixed(6);
    if (marker) { marker.remove(); }
    marker = L.marker(event.latlng, { keyboard: false }).addTo(map);
  });
  document.getElementById('propose').addEventListener('submit', function (event) {
    event.preventDefault();
    var budget = document.getElementById('p-budget').value;
    P.api('/participation/processes/' + state.process.id + '/proposals', {
      method: 'POST',
      json: {
        title: document.getElementById('p-title').value,
        description: document.getElementById('p-description').value,
        estimated_cost: Number(document.getElementById('p-cost').value),
        neighbourhood: budget || null,
        geometry: { type: 'Point', coordinates: [Number(document.getElementById('p-lon').value), Number(document.getElementById('p-lat').value)] }
      }
    }).then(function () { P.say(P.t('saved')); load(state.process.id); }).catch(P.fail);
  });

  select.addEventListener('change', function () { load(select.value); });
  P.onLanguage(function () {
    select.querySelectorAll('option').forEach(function (o) { o.textContent = P.tr(o._titles); });
    if (state.process) { showProcess(); showProposals(); showResults(); }
  });
  P.api('/participation/processes').then(function (rows) {
    rows.forEach(function (row) {
      var o = node('option', select, P.lang === 'el' ? row.title_el : row.title_en);
      o.value = row.id;
      o._titles = { el: row.title_el, en: row.title_en };
    });
    P.account(loadResident);
    if (rows.length) { load(rows[0].id); }
  }).catch(P.fail);
}(window.PolisParticipation));
