/* admin_laos.js: the province -> district -> subdistrict lists of the LAO
 * pages follow the choice above them (lists from api/v1/geo). Without
 * JavaScript the pages still work: the filter form reloads the lists on
 * search, the edit form has a button that redraws them. */
(function () {
  'use strict';
  var PATHS = {
    districts: function (code) { return '/provinces/' + encodeURIComponent(code) + '/districts'; },
    subdistricts: function (code) { return '/districts/' + encodeURIComponent(code) + '/subdistricts'; }
  };

  function clearChoices(select) {
    while (select.options.length > 1) select.remove(1);
    select.value = '';
  }

  function fill(select, items) {
    items.forEach(function (item) {
      var o = document.createElement('option');
      o.value = item.code;
      o.textContent = item.name_th;
      select.appendChild(o);
    });
  }

  /* Empties the lists below select, then loads its child's choices. */
  function follow(form, select) {
    var child = document.getElementById(select.dataset.child);
    var below = child;
    while (below) {
      clearChoices(below);
      below = below.dataset.child ? document.getElementById(below.dataset.child) : null;
    }
    if (!select.value) return;
    fetch(form.dataset.geo + PATHS[select.dataset.childList](select.value), { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) { fill(child, items); })
      .catch(function () { /* the lists stay empty; saving names the missing field */ });
  }

  document.querySelectorAll('form.js-cascade').forEach(function (form) {
    form.querySelectorAll('select[data-child]').forEach(function (select) {
      if (!document.getElementById(select.dataset.child)) return;
      select.addEventListener('change', function () { follow(form, select); });
    });
  });
  document.querySelectorAll('.js-hide').forEach(function (el) { el.hidden = true; });
})();
