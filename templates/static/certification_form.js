/* The certification form: shows the project's registrant and rule, and how
   the credits typed will be split when saved (the server does the same:
   whole credits, the LAO's and the developer's shares rounded down, the
   rest to the state agency). */
(function () {
  'use strict';
  var project = document.getElementById('project_id');
  var total = document.getElementById('total_tco2e');
  var box = document.getElementById('split-preview');
  var ruleHint = document.getElementById('project-rule');
  if (!project || !total || !box) return;
  function fmt(n) { return n.toLocaleString('th-TH') + ' tCO2eq'; }
  function pct(bp) { return (bp / 100).toLocaleString('th-TH', { maximumFractionDigits: 2 }); }

  function update() {
    var d = project.options[project.selectedIndex].dataset;
    var laoBp = parseInt(d.laoBp, 10) || 0, devBp = parseInt(d.developerBp, 10) || 0;
    var stateBp = 10000 - laoBp - devBp;
    ruleHint.textContent = 'ผู้ขึ้นทะเบียน: ' + d.registrant + ' (' + d.tver + ') · หลักเกณฑ์: ' + d.rule;
    var text = total.value.trim();
    if (!/^\d{1,9}$/.test(text) || parseInt(text, 10) < 1) { box.hidden = true; return; }
    var t = parseInt(text, 10);
    var lao = Math.floor(t * laoBp / 10000), dev = Math.floor(t * devBp / 10000), state = t - lao - dev;
    document.getElementById('sp-lao-label').textContent = 'ส่วนของ อปท. ร้อยละ ' + pct(laoBp) + ' (เข้าบัญชีคาร์บอนเครดิตของ อปท.)';
    document.getElementById('sp-lao').textContent = fmt(lao);
    document.getElementById('sp-dev-row').hidden = !devBp;
    document.getElementById('sp-dev-label').textContent = (d.developerParty || 'ผู้พัฒนาโครงการรายอื่น') + ' ร้อยละ ' + pct(devBp);
    document.getElementById('sp-dev').textContent = fmt(dev);
    document.getElementById('sp-state-label').textContent = (d.stateParty || 'หน่วยงานของรัฐ') + ' ร้อยละ ' + pct(stateBp) + ' และเศษจากการปัด';
    document.getElementById('sp-state').textContent = fmt(state);
    box.hidden = false;
  }
  project.addEventListener('change', update);
  total.addEventListener('input', update);
  update();
}());
