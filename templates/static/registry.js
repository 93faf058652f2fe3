/* registry.js: the buyer registry pages.
 * - Cascading province -> district -> subdistrict (-> postcode) lists on
 *   any form with class "js-geo": the next list is fetched from
 *   data-geo-api (api/v1/geo) as the user picks. Without this script the
 *   server fills the lists from the chosen values and still checks them.
 * - The add/edit form shows only the sections that apply to the chosen
 *   buyer type and account choice ([data-show-when]).
 */
(function () {
  'use strict';

  function field(form, role) {
    return form.querySelector('[data-geo="' + role + '"]');
  }

  /* Keeps only the first ("all" / "choose") option of a select. */
  function reset(select) {
    if (!select) return;
    while (select.options.length > 1) select.remove(1);
    select.value = '';
  }

  function fill(select, rows) {
    rows.forEach(function (row) {
      var option = document.createElement('option');
      option.value = row.code;
      option.textContent = row.name_th;
      select.appendChild(option);
    });
  }

  function getList(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .catch(function () { return []; });
  }

  function setPostcodes(form, rows) {
    var input = field(form, 'postcode');
    var list = input && input.list;
    if (!input) return;
    if (list) {
      while (list.firstChild) list.removeChild(list.firstChild);
      rows.forEach(function (row) {
        var option = document.createElement('option');
        option.value = row.code;
        list.appendChild(option);
      });
    }
    if (rows.length === 1) input.value = rows[0].code;
  }

  function initGeo(form) {
    var api = form.getAttribute('data-geo-api');
    var province = field(form, 'province');
    var district = field(form, 'district');
    var subdistrict = field(form, 'subdistrict');
    var postcode = field(form, 'postcode');
    if (!api || !province || !district || !subdistrict) return;

    province.addEventListener('change', function () {
      reset(district);
      reset(subdistrict);
      if (postcode) { postcode.value = ''; setPostcodes(form, []); }
      if (!province.value) return;
      getList(api + '/provinces/' + encodeURIComponent(province.value) + '/districts')
        .then(function (rows) { fill(district, rows); });
    });
    district.addEventListener('change', function () {
      reset(subdistrict);
      if (postcode) { postcode.value = ''; setPostcodes(form, []); }
      if (!district.value) return;
      getList(api + '/districts/' + encodeURIComponent(district.value) + '/subdistricts')
        .then(function (rows) { fill(subdistrict, rows); });
    });
    if (postcode) {
      subdistrict.addEventListener('change', function () {
        postcode.value = '';
        setPostcodes(form, []);
        if (!subdistrict.value) return;
        getList(api + '/subdistricts/' + encodeURIComponent(subdistrict.value) + '/postcodes')
          .then(function (rows) { setPostcodes(form, rows); });
      });
    }
  }

  function initSections(form) {
    var sections = form.querySelectorAll('[data-show-when]');
    if (!sections.length) return;
    function apply() {
      var type = form.querySelector('input[name="buyer_type"]:checked');
      var tver = form.querySelector('input[name="has_tver_account"]:checked');
      var show = {
        person: !!type && type.value === 'individual',
        org: !!type && type.value !== 'individual',
        tver: !!tver && tver.value === '1'
      };
      Array.prototype.forEach.call(sections, function (section) {
        section.hidden = !show[section.getAttribute('data-show-when')];
      });
    }
    form.addEventListener('change', apply);
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll('form.js-geo'), function (form) {
    initGeo(form);
    initSections(form);
  });
}());
