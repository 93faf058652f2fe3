/* The project form: the LAO's share can be typed only under a rule that
   lets it move; the summary shows every party's percentage (the server
   checks the same bounds). Works without this script too. */
(function () {
  'use strict';
  var rule = document.getElementById('sharing_rule_code');
  var lao = document.getElementById('lao_share_pct');
  var hint = document.getElementById('lao-share-hint');
  var summary = document.getElementById('share-summary');
  var legal = document.getElementById('rule-legal-ref');
  if (!rule || !lao || !summary) return;

  /* percentages as hundredths, so no floating point creeps in */
  function toBp(text) {
    var m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*$/.exec(text || '');
    if (!m) return null;
    var bp = parseInt(m[1], 10) * 100 + (m[2] ? parseInt((m[2] + '0').slice(0, 2), 10) : 0);
    return bp <= 10000 ? bp : null;
  }
  function pct(bp) {
    var whole = Math.floor(bp / 100), frac = bp % 100;
    if (!frac) return String(whole);
    return whole + '.' + (frac % 10 ? (frac < 10 ? '0' : '') + frac : String(frac / 10));
  }
  function show(lines) {
    while (summary.firstChild) summary.removeChild(summary.firstChild);
    lines.forEach(function (t) {
      var li = document.createElement('li');
      li.textContent = t;
      summary.appendChild(li);
    });
  }
  function selected() { return rule.options[rule.selectedIndex]; }

  function update(fromRuleChange) {
    var o = selected(), d = o.dataset;
    var adjustable = d.adjustable === '1';
    var typed = toBp(lao.value);
    if (!adjustable || (fromRuleChange && (typed === null || typed < toBp(d.laoMin) || typed > toBp(d.laoMax))))
      lao.value = d.laoDefault;
    lao.readOnly = !adjustable;
    hint.textContent = adjustable
      ? 'กรอกได้ตั้งแต่ร้อยละ ' + d.laoMin + ' ถึง ' + d.laoMax + ' ตามที่ตกลง ส่วนที่เหลือเป็นของ' + d.stateParty
      : 'หลักเกณฑ์นี้กำหนดส่วนแบ่งของ อปท. ไว้ที่ร้อยละ ' + d.laoDefault;
    var laoBp = toBp(lao.value), devBp = toBp(d.developer) || 0;
    if (laoBp === null) {
      show(['กรุณากรอกส่วนแบ่งของ อปท. เป็นร้อยละ (ทศนิยมไม่เกิน 2 ตำแหน่ง)']);
      return;
    }
    var parts = [(d.laoParty || 'อปท.') + ' ร้อยละ ' + pct(laoBp)];
    if (devBp) parts.push((d.developerParty || 'ผู้พัฒนาโครงการรายอื่น') + ' ร้อยละ ' + pct(devBp));
    var stateBp = 10000 - laoBp - devBp;
    if (stateBp < 0) {
      show(['ส่วนแบ่งรวมเกินร้อยละ 100']);
      return;
    }
    if (stateBp) parts.push((d.stateParty || 'หน่วยงานของรัฐ') + ' ร้อยละ ' + pct(stateBp));
    if (adjustable && (laoBp < toBp(d.laoMin) || laoBp > toBp(d.laoMax)))
      parts.push('ส่วนแบ่งของ อปท. ต้องอยู่ระหว่างร้อยละ ' + d.laoMin + ' ถึง ' + d.laoMax + ' ระบบจะไม่บันทึกค่านี้');
    show(parts);
    if (legal) legal.textContent = d.legalRef ? 'อ้างอิง: ' + d.legalRef : '';
  }
  rule.addEventListener('change', function () { update(true); });
  lao.addEventListener('input', function () { update(false); });
  update(false);
}());
