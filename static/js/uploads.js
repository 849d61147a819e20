/* Upload forms (form[data-upload-progress]): the browser checks each chosen file's type and size before anything
   is sent, then sends the form with a progress bar. Without JavaScript the form posts as usual and the server
   checks the same things. The messages come from the form's data attributes (translated by the page). */
(function () {
  "use strict";
  function mb(n) { return (n / 1048576).toFixed(0) + " MB"; }
  function clearErrors(form) {
    form.querySelectorAll(".client-error").forEach(function (e) { e.remove(); });
  }
  function showError(input, text) {
    var box = document.createElement("div");
    box.className = "field-error client-error";
    box.setAttribute("data-field", input.name);
    box.textContent = text;
    input.insertAdjacentElement("afterend", box);
  }
  function check(form) {
    var first = null;
    form.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
      var max = parseInt(input.getAttribute("data-max-bytes"), 10);
      var accept = (input.getAttribute("accept") || "").split(",").filter(Boolean);
      Array.prototype.forEach.call(input.files || [], function (file) {
        var dot = file.name.lastIndexOf(".");
        var ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
        var problem = "";
        if (file.size === 0) problem = form.getAttribute("data-msg-empty");
        else if (max && file.size > max) problem = form.getAttribute("data-msg-too-large").replace("%s", mb(max));
        else if (accept.length && accept.indexOf(ext) < 0) problem = form.getAttribute("data-msg-type");
        if (problem) {
          showError(input, file.name + "：" + problem);
          first = first || input;
        }
      });
    });
    return first;
  }
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    var bar = form.querySelector("progress.upload-progress");
    var status = form.querySelector(".upload-status");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      clearErrors(form);
      var bad = check(form);
      if (bad) {
        event.preventDefault();
        bad.focus();
        return;
      }
      var files = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (i) {
        return i.files && i.files.length;
      });
      if (!files || !window.FormData || !window.XMLHttpRequest) return;
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") || window.location.href);
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) return;
        var percent = Math.round(e.loaded * 100 / e.total);
        bar.hidden = false;
        bar.value = percent;
        status.textContent = form.getAttribute("data-msg-progress").replace("%s", percent + "%");
      });
      xhr.addEventListener("load", function () {
        // The answer is the next page (the case page after a redirect, or the form with its errors): show it as the
        // browser would, at its own address, so its messages are not lost to a second request.
        if (xhr.responseURL && xhr.responseURL !== window.location.href) {
          window.history.replaceState(null, "", xhr.responseURL);
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", function () {
        status.textContent = form.getAttribute("data-msg-network");
        if (button) button.disabled = false;
      });
      if (button) button.disabled = true;
      xhr.send(new FormData(form));
    });
  });
})();
