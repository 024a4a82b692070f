/*
 * OnPoint Pay dashboard: copy buttons (no framework, no inline script: the pages' policy is script-src 'self').
 * A <button data-copy="#id"> copies the text of the element #id to the clipboard and says so in the status element
 * its aria-describedby names. Where the clipboard is not available (an address that is not https or localhost),
 * the text is selected instead, ready for Ctrl+C.
 */
(function () {
  'use strict';

  function say(button, text) {
    var status = document.getElementById(button.getAttribute('aria-describedby'));
    if (status) {
      status.textContent = text;
    }
  }

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-copy]');
    if (!button) {
      return;
    }
    var source = document.querySelector(button.getAttribute('data-copy'));
    if (!source) {
      return;
    }
    var text = source.textContent.trim();
    var selectInstead = function () {
      select(source);
      say(button, 'Selected: press Ctrl+C (⌘C on a Mac) to copy it');
    };
    if (!navigator.clipboard || !window.isSecureContext) {
      selectInstead();
      return;
    }
    navigator.clipboard.writeText(text).then(function () {
      say(button, 'Copied to the clipboard');
    }, selectInstead);
  });
})();
