// The question "Does the mother know?" is not asked of the mother herself. Without JavaScript
// the form still works: the question says it may be skipped, and the server does not ask it.
(function () {
  "use strict";
  var box = document.querySelector("[data-dp-mother-knows]");
  if (!box) return;
  var roles = document.querySelectorAll('input[name="signaller_role"]');
  function update() {
    var mother = document.querySelector('input[name="signaller_role"][value="mother"]:checked');
    box.hidden = Boolean(mother);
  }
  roles.forEach(function (input) { input.addEventListener("change", update); });
  update();
})();
