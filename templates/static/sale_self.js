/* The self-operated sale form (sale_self_form.html), and the buyer dialog and
   trade-type lock of the delegated sale's form (sale_delegated_form.html,
   same ids, form id sale-form): two steps shown one at
   a time (without JS both show), the project's registrant, the buyer picked
   from the registry in a dialog (GET api/v1/buyers?q=), the trade type
   locked to Cancellation Notification for a buyer without a T-VER account,
   and the total computed as the user types (the server computes it again:
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

  /* ---- trade type ---- */
  var transfer = document.getElementById('trade_type_transfer');
  var cancellation = document.getElementById('trade_type_cancellation');
  var lockedNote = document.getElementById('trade-type-locked');
  function lockTradeType(noAccount) {
    transfer.disabled = noAccount;
    if (noAccount) { transfer.checked = false; cancellation.checked = true; }
    lockedNote.hidden = !noAccount;
  }

  /* ---- buyer dialog ---- */
  var box = document.getElementById('buyer-box');
  var buyerId = document.getElementById('buyer_id');
  var dialog = document.getElementById('buyer-dialog');
  var openBtn = document.getElementById('open-buyer-dialog');
  var q = document.getElementById('buyer-q');
  var results = document.querySelector('#buyer-results tbody');
  var status = document.getElementById('buyer-status');
  var url = box.getAttribute('data-buyers-url');
  var timer = null, seq = 0;

  function setBuyer(b) {
    buyerId.value = b.id;
    document.getElementById('buyer_name').value = b.display_name || '';
    document.getElementById('buyer_account').value = (b.buyer_type_name || '') + ' · ' +
      (b.has_tver_account ? 'มีบัญชี T-VER' : 'ไม่มีบัญชี T-VER');
    document.getElementById('buyer_tver_name').value = b.has_tver_account ? (b.tver_account_name || '') : '-';
    document.getElementById('buyer_tver_no').value = b.has_tver_account ? (b.tver_account_no || '') : '-';
    lockTradeType(!b.has_tver_account);
    var err = buyerId.closest('.field');
    if (err) err.classList.remove('has-error');
  }

  function cell(tr, text, cls) {
    var td = document.createElement('td');
    if (cls) td.className = cls;
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function render(items, total) {
    results.textContent = '';
    items.forEach(function (b) {
      var tr = document.createElement('tr');
      cell(tr, b.display_name || '');
      cell(tr, b.buyer_type_name || '');
      cell(tr, b.has_tver_account ? (b.tver_account_name + ' (' + b.tver_account_no + ')') : 'ไม่มีบัญชี T-VER');
      cell(tr, b.province_name || '');
      var td = cell(tr, '');
      var pick = document.createElement('button');
      pick.type = 'button';
      pick.className = 'btn btn-small';
      pick.textContent = 'เลือก';
      pick.setAttribute('data-buyer-id', b.id);
      pick.addEventListener('click', function () { setBuyer(b); dialog.close(); });
      td.appendChild(pick);
      results.appendChild(tr);
    });
    status.textContent = items.length ? ('พบ ' + total.toLocaleString('th-TH') + ' ราย' +
      (total > items.length ? ' (แสดง ' + items.length + ' รายการแรก กรุณาระบุคำค้นให้ชัดเจนขึ้น)' : ''))
      : 'ไม่พบผู้ซื้อที่ตรงกับคำค้น';
  }

  function search() {
    var mine = ++seq;
    status.textContent = 'กำลังค้นหา...';
    fetch(url + '?per_page=20&q=' + encodeURIComponent(q.value.trim()),
          { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (body) { if (mine === seq) render(body.items || [], body.total || 0); })
      .catch(function () { if (mine === seq) status.textContent = 'ค้นหาไม่สำเร็จ กรุณาลองใหม่อีกครั้ง'; });
  }

  if (dialog && typeof dialog.showModal === 'function') {
    buyerId.type = 'hidden';
    openBtn.hidden = false;
    openBtn.addEventListener('click', function () {
      dialog.showModal();
      q.focus();
      if (!results.children.length) search();
    });
    document.getElementById('buyer-search').addEventListener('click', search);
    q.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(search, 300); });
    q.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); search(); } });
  }

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
