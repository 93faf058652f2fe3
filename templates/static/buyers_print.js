/* buyers_print.js: the "พิมพ์" button of the buyer registry's printable
 * report (CSP allows no inline script). */
(function () {
  'use strict';
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
}());
