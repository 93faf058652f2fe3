/* Province -> LAO lists: inside an element whose data-lao-picker names the
   URL of api/v1/lao-options, choosing a province in [data-province-select]
   refills [data-lao-select] with the LAOs of that province (scoped on the
   server).
   Selects marked data-autosubmit submit their form when changed. */
(function () {
  'use strict';
  function fill(select, rows, emptyLabel) {
    while (select.options.length) select.remove(0);
    select.add(new Option(emptyLabel, ''));
    rows.forEach(function (r) {
      select.add(new Option(r.name_th + ' (อ.' + r.district_name + ') ' + r.lao_code, r.lao_code));
    });
  }

  document.querySelectorAll('[data-lao-picker]').forEach(function (box) {
    var prov = box.querySelector('[data-province-select]');
    var lao = box.querySelector('[data-lao-select]');
    var url = box.getAttribute('data-lao-picker');
    if (!prov || !lao || !url) return;
    prov.addEventListener('change', function () {
      var code = prov.value;
      var empty = lao.getAttribute('data-empty-label') || 'เลือก อปท.';
      if (!code) { fill(lao, [], 'เลือกจังหวัดก่อน'); return; }
      lao.disabled = true;
      fetch(url + '?province_code=' + encodeURIComponent(code),
            { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (rows) { fill(lao, rows, empty); })
        .catch(function () { fill(lao, [], 'โหลดรายชื่อ อปท. ไม่สำเร็จ กรุณาลองใหม่'); })
        .then(function () { lao.disabled = false; });
    });
  });

  document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
    s.addEventListener('change', function () { if (s.form) s.form.submit(); });
  });
  document.querySelectorAll('.no-js-only').forEach(function (el) { el.style.display = 'none'; });
}());
