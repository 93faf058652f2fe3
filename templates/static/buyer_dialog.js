/* The buyer picked from the registry in a dialog (GET api/v1/buyers?q=),
   shared by the sale forms (sale_self_form.html, sale_group_form.html,
   partial buyer_dialog.html): fills the buyer fields of #buyer-box and locks
   the trade type to Cancellation Notification for a buyer without a T-VER
   account (the server enforces the same rule). */
(function () {
  'use strict';
  if (!document.getElementById('buyer-box')) return;

  /* ---- trade type ---- */
  var transfer = document.getElementById('trade_type_transfer');
  var cancellation = document.getElementById('trade_type_cancellation');
  var lockedNote = document.getElementById('trade-type-locked');
  function lockTradeType(noAccount) {
    if (!transfer || !cancellation) return;   /* an edit: the type is fixed */
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

  /* a saved sale keeps its buyer (the manual): no dialog on an edit */
  if (dialog && typeof dialog.showModal === 'function' && !box.hasAttribute('data-fixed')) {
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

}());
