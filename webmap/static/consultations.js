/*
 * /consultations: the drafts article by article with their comments (support /
 * oppose), a comment form per article, reports of comments, the places of each
 * article on the map and "what affects my street?".
 */
(function (P) {
  'use strict';

  var node = P.node;
  var select = document.getElementById('regulation');
  var map = P.map();
  var places = L.featureGroup().addTo(map);
  var current = null;

  function commentForm(article, parent) {
    var form = node('form', parent, null, 'form');
    var fieldset = node('fieldset', form);
    node('legend', fieldset, P.t('comment') + ' — ' + P.t('article') + ' ' + article.number);
    var group = node('div', fieldset, null, 'radios');
    ['support', 'oppose', 'neutral'].forEach(function (stance, i) {
      var row = node('span', group, null, 'check');
      var input = node('input', row);
      input.type = 'radio';
      input.name = 'stance-' + article.id;
      input.id = 'stance-' + article.id + '-' + stance;
      input.value = stance;
      input.required = true;
      if (i === 0) { input.checked = true; }
      node('label', row, P.t(stance)).htmlFor = input.id;
    });
    var field = node('div', fieldset, null, 'field');
    var area = node('textarea', null);
    area.id = 'comment-' + article.id;
    area.required = true;
    area.minLength = 3;
    node('label', field, P.t('your_comment')).htmlFor = area.id;
    field.appendChild(area);
    node('button', fieldset, P.t('comment')).type = 'submit';
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var stance = form.querySelector('input:checked').value;
      P.api('/consultations/regulations/' + current.id + '/articles/' + encodeURIComponent(article.number) + '/comments', {
        method: 'POST', json: { stance: stance, body: area.value }
      }).then(function () { P.say(P.t('saved')); load(current.id); }).catch(P.fail);
    });
  }

  function comment(c, list) {
    var item = node('li', list, null, 'comment comment-' + c.stance);
    node('strong', item, P.t(c.stance) + ': ');
    node('span', item, c.body);
    if (c.answer) {
      node('p', item, P.t('answer') + ' — ' + P.t('answer_' + c.answer) + ': ' + (c.answer_reason || ''), 'answer');
    }
    if (P.token()) {
      var button = node('button', item, P.t('report_comment'), 'link');
      button.type = 'button';
      button.addEventListener('click', function () {
        P.api('/participation/reports', { method: 'POST', json: { kind: 'comment', target_id: c.id, reason: 'inappropriate' } })
          .then(function () { P.say(P.t('reported')); }).catch(P.fail);
      });
    }
  }

  function show(reg) {
    current = reg;
    var period = document.getElementById('period');
    period.textContent = reg.open ? P.t('open_until') + ' ' + P.date(reg.closes_at) : P.t('closed');
    var report = document.getElementById('report-link');
    report.hidden = reg.open;
    report.href = '/consultations/regulations/' + reg.id + '/report';
    document.querySelector('footer a').href = '/consultations/regulations/' + reg.id + '/comments.csv';
    var box = document.getElementById('articles');
    box.textContent = '';
    places.clearLayers();
    var chapter = null;
    reg.articles.forEach(function (a) {
      if (a.chapter && a.chapter !== chapter) {
        chapter = a.chapter;
        node('h2', box, chapter);
      }
      var section = node('section', box, null, 'article panel');
      var heading = node('h3', section, P.t('article') + ' ' + a.number + (a.title ? ' – ' + a.title : ''));
      heading.id = 'article-' + a.id;
      section.setAttribute('aria-labelledby', heading.id);
      (a.final_text || a.draft_text).split('\n').forEach(function (line) { node('p', section, line); });
      node('p', section, P.t('support') + ': ' + a.supports + ' · ' + P.t('oppose') + ': ' + a.opposes, 'tally');
      if (a.comments.length) {
        node('h4', section, P.t('comments') + ' (' + a.comments.length + ')');
        var list = node('ul', section, null, 'comments');
        a.comments.forEach(function (c) { comment(c, list); });
      }
      if (reg.open && P.token()) { commentForm(a, section); }
      a.places.forEach(function (place) {
        var layer = L.geoJSON(place.geometry, {
          style: { color: '#b00020', weight: 5 },
          pointToLayer: function (_, latlng) { return L.circleMarker(latlng, { radius: 7, color: '#b00020' }); }
        });
        layer.bindTooltip(P.t('article') + ' ' + a.number + ': ' + place.name);
        places.addLayer(layer);
      });
    });
    if (places.getLayers().length) { map.fitBounds(places.getBounds(), { maxZoom: 17 }); }
  }

  // Only the answer for the regulation still selected is shown (a slow answer for an
  // earlier choice must not replace the page under the reader's cursor).
  function load(id) {
    P.api('/consultations/regulations/' + id).then(function (reg) {
      if (String(select.value) === String(reg.id)) { show(reg); }
    }).catch(P.fail);
  }

  function showAffecting(rows) {
    var list = document.getElementById('affecting');
    list.textContent = '';
    if (!rows.length) { node('li', list, P.t('nothing_found')); }
    rows.forEach(function (r) {
      var item = node('li', list);
      var link = node('a', item, r.consultation_title + ' — ' + P.t('article') + ' ' + r.number + (r.title ? ' – ' + r.title : ''));
      link.href = '#';
      link.addEventListener('click', function (event) {
        event.preventDefault();
        select.value = String(r.consultation);
        load(r.consultation);
      });
      node('span', item, ' (' + r.place + ', ' + r.distance_m + ' m)');
    });
    P.say(rows.length + ' — ' + P.t('my_street'));
  }

  document.getElementById('street-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var street = document.getElementById('street').value;
    P.api('/consultations/affecting?street=' + encodeURIComponent(street)).then(showAffecting).catch(P.fail);
  });
  map.on('click', function (event) {
    P.api('/consultations/affecting?lon=' + event.latlng.lng + '&lat=' + event.latlng.lat + '&radius=100')
      .then(showAffecting).catch(P.fail);
  });

  select.addEventListener('change', function () { load(select.value); });
  P.onLanguage(function () { if (current) { show(current); } });
  P.api('/consultations/regulations').then(function (rows) {
    rows.forEach(function (row) { node('option', select, row.title).value = row.id; });
    P.account(function () { if (current) { load(current.id); } });
    if (rows.length) { load(rows[0].id); }
  }).catch(P.fail);
}(window.PolisParticipation));
