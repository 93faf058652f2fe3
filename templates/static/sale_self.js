/* The self-operated sale form (sale_self_form.html), and the buyer dialog and
   trade-type lock of the delegated sale's form (sale_delegated_form.html,
   same ids, form id sale-form): two steps shown one at
   a time (without JS both show), the project's registrant, the buyer picked
   from the registry in a dialog (buyer_dialog.js, shared with the group
   sale), and the total computed as the user types (the server computes it again:
   this is only a preview), with the contract marked required above
   100,000 baht. */
(function () {
  'use strict';
  var form = document.getElementById('sale-form');
  if (!form) return;

  /* ---- steps ---- */
  var panels = form.querySelectorAll('[data-step-panel]');
  var stepItems = form.querySelectorAll('#sale-steps [data-step]');
  function showStep(n, scroll) {
    panels.forEach(function (p) { p.hidden = p.getAttribute('data-step-panel') !== String(n); });
    stepItems.forEach(function (li) {
      var s = parseInt(li.getAttribute('data-step'), 10);
      li.classList.toggle('is-current', s === n);
      li.classList.toggle('is-done', s < n);
    });
    if (scroll) document.getElementById('sale-steps').scrollIntoView({ behavior: 'smooth', block: 'start' });
  }
  form.querySelectorAll('[data-go-step]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { showStep(parseInt(b.getAttribute('data-go-step'), 10), true); });
  });
  form.classList.add('js-steps');
  showStep(parseInt(form.getAttribute('data-first-error-step'), 10) || 1, false);

  /* ---- project ---- */
  var project = document.getElementById('project_id');
  function showProject() {
    var o = project.options[project.selectedIndex];
    if (!o) return;
    document.getElementById('project_registrant').value = o.getAttribute('data-registrant') || '';
    document.getElementById('project_tver').value = o.getAttribute('data-tver') || '';
  }
  if (project) { project.addEventListener('change', showProject); showProject(); }

  /* ---- quantity, price, total ---- */
  var qty = document.getElementById('quantity_tco2e');
  var price = document.getElementById('unit_price_baht');
  var total = document.getElementById('total_baht');
  var over = document.getElementById('quantity-over');
  /* the delegated sale's form (sale_delegated_form.html) has no quantity:
     DLA sets the price, the provinces the quantities */
  if (!qty || !price || !total || !over) return;
  var available = parseInt(form.getAttribute('data-available'), 10) || 0;
  /* credits are per project: the chosen project's remaining is what can be sold */
  var projectSelect = document.getElementById('project_id');
  var availableOut = document.getElementById('available');
  if (projectSelect) projectSelect.addEventListener('change', function () {
    var opt = projectSelect.options[projectSelect.selectedIndex];
    available = parseInt(opt && opt.getAttribute('data-available'), 10) || 0;
    if (availableOut) availableOut.textContent = available.toLocaleString('en-US');
    update();
  });
  var contractMin = BigInt(form.getAttribute('data-contract-min-satang') || '10000000');
  var contractReq = form.querySelector('[data-contract-req]');

  function satangOf(text) {
    var t = text.trim();
    if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(t)) return null;
    var parts = t.replace(/,/g, '').split('.');
    var dec = ((parts[1] || '') + '00').slice(0, 2);
    return BigInt(parts[0]) * 100n + BigInt(dec);
  }
  function bahtText(satang) {
    var whole = (satang / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    var dec = (satang % 100n).toString().padStart(2, '0');
    return whole + '.' + dec;
  }
  function update() {
    var qt = qty.value.trim(), s = satangOf(price.value);
    var q = /^\d{1,10}$/.test(qt) ? BigInt(qt) : null;
    over.hidden = !(q !== null && q > BigInt(available));
    if (q !== null && q > 0n && s !== null && s > 0n) {
      var t = q * s;
      total.value = bahtText(t);
      if (contractReq) contractReq.hidden = !(t > contractMin);
    } else {
      total.value = '';
      if (contractReq) contractReq.hidden = true;
    }
  }
  qty.addEventListener('input', update);
  price.addEventListener('input', update);
  update();
}());
