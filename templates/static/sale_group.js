/* The group sale's add form (sale_group_form.html): each LAO's total and
   the sale's total as the user types (the server computes them again), a
   quantity above the LAO's remaining marked, and a change of project
   reloading the LAOs' remaining of that project. The slip mode of step 3
   (sale_group_view.html) shows the inputs of the chosen mode. */
(function () {
  'use strict';
  function satangOf(text) {
    var t = (text || '').trim();
    if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(t)) return null;
    var parts = t.replace(/,/g, '').split('.');
    return BigInt(parts[0]) * 100n + BigInt(((parts[1] || '') + '00').slice(0, 2));
  }
  function bahtText(s) {
    return (s / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + (s % 100n).toString().padStart(2, '0');
  }

  var form = document.getElementById('group-form');
  if (form) {
    var price = document.getElementById('unit_price_baht');
    var total = document.getElementById('group_total');
    var rows = form.querySelectorAll('#participants-table tr[data-lao]');
    var update = function () {
      var unit = satangOf(price.value), sum = 0n, any = false;
      rows.forEach(function (tr) {
        var input = tr.querySelector('[data-qty]'), out = tr.querySelector('[data-line-total]');
        var remaining = BigInt(tr.querySelector('[data-remaining]').getAttribute('data-remaining') || '0');
        var v = input.value.trim(), q = /^\d{1,10}$/.test(v) ? BigInt(v) : null;
        tr.querySelector('[data-over]').hidden = !(q !== null && q > remaining);
        if (q !== null && q > 0n && unit !== null && unit > 0n) {
          out.textContent = bahtText(q * unit);
          sum += q * unit;
          any = true;
        } else {
          out.textContent = '';
        }
      });
      total.value = any ? bahtText(sum) : '';
    };
    form.addEventListener('input', update);
    update();
    var project = document.getElementById('project_id');
    project.addEventListener('change', function () {
      window.location = project.getAttribute('data-reload-url') + '?project_id=' + encodeURIComponent(project.value);
    });
  }

  var modes = document.querySelectorAll('input[name="mode"]');
  if (modes.length) {
    var show = function () {
      modes.forEach(function (m) {
        var box = document.getElementById('slips-' + m.value);
        if (box) box.hidden = !m.checked;
      });
    };
    modes.forEach(function (m) { m.addEventListener('change', show); });
    show();
  }
}());
