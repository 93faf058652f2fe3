/* Step 1 of spending the revenue: the total (credit + other) shown as the
   user types, and the credit-sale budget checked against the available
   budget (data-available-satang) as typed. The server checks again; this
   only says it sooner. Money is handled in satang (integers). */
(function () {
  'use strict';
  var form = document.getElementById('item-form');
  if (!form) return;
  var credit = document.getElementById('budget_credit_baht');
  var other = document.getElementById('budget_other_baht');
  var total = document.getElementById('budget_total');
  var error = document.getElementById('error-budget_credit');
  var available = parseInt(form.getAttribute('data-available-satang'), 10) || 0;
  var EXCEEDS = 'จำนวนงบประมาณจากการขายคาร์บอนเครดิตเกินกว่างบประมาณที่มีอยู่';

  /* "1,234.50" -> 123450; null when not a baht amount */
  function satang(text) {
    var t = (text || '').trim();
    if (!t) return 0;
    var m = /^(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?$/.exec(t);
    if (!m) return null;
    var whole = parseInt(m[1].replace(/,/g, ''), 10);
    var dec = m[2] ? parseInt((m[2] + '0').slice(0, 2), 10) : 0;
    return whole * 100 + dec;
  }
  function baht(s) {
    var whole = Math.floor(s / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    var dec = (s % 100).toString();
    return whole + '.' + (dec.length < 2 ? '0' + dec : dec);
  }
  function update() {
    var c = satang(credit.value), o = satang(other.value);
    total.value = (c === null || o === null) ? '' : baht(c + o);
    if (c !== null && c > available) {
      error.textContent = EXCEEDS + ' (คงเหลือ ' + baht(available) + ' บาท)';
      error.hidden = false;
      credit.setAttribute('aria-invalid', 'true');
    } else if (error.getAttribute('data-live') === '1' || c !== null) {
      if (error.getAttribute('data-live') === '1') { error.hidden = true; error.textContent = ''; }
      credit.removeAttribute('aria-invalid');
    }
    if (c !== null && c > available) error.setAttribute('data-live', '1');
  }
  credit.addEventListener('input', update);
  other.addEventListener('input', update);
  update();
}());
