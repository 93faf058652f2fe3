/* admin_users.js: the user form shows only the organisation field of the
 * chosen role (the other is disabled, so it is not sent), and forms with
 * data-confirm ask first. Without JavaScript every field shows and the
 * server refuses an organisation that does not fit the role. */
(function () {
  'use strict';
  document.querySelectorAll('form.js-role-form').forEach(function (form) {
    function show() {
      var checked = form.querySelector('input[name="role"]:checked');
      var role = checked ? checked.value : '';
      form.querySelectorAll('[data-roles]').forEach(function (field) {
        var on = field.dataset.roles.split(' ').indexOf(role) >= 0;
        field.hidden = !on;
        field.querySelectorAll('input, select').forEach(function (el) { el.disabled = !on; });
      });
    }
    form.querySelectorAll('input[name="role"]').forEach(function (r) { r.addEventListener('change', show); });
    show();
  });
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.dataset.confirm)) e.preventDefault();
    });
  });
})();
