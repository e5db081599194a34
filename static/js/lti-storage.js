// LTI Client Side postMessage Storage: when the LMS frame blocks cookies, the login stores the
// launch's browser binding in the platform's storage frame ("put") and the launch page reads it
// back ("get") to prove the launch was started in this browser.
(function () {
  "use strict";
  var element = document.getElementById("lti-storage");
  if (!element) return;
  var data = element.dataset;
  var frame = null;
  try {
    frame = (window.parent && window.parent.frames[data.target]) || window.opener;
  } catch (error) {
    frame = window.opener;
  }
  var messageId = "colloquy-" + Math.random().toString(36).slice(2);
  var subject = data.action === "put" ? "lti.put_data" : "lti.get_data";

  function finish(value) {
    if (data.action === "put") {
      window.location.assign(data.next);
      return;
    }
    var form = document.getElementById("lti-verify");
    form.elements.binding.value = value || "";
    form.submit();
  }

  if (!frame) {
    finish("");
    return;
  }
  var timer = window.setTimeout(function () { finish(""); }, 5000);
  window.addEventListener("message", function (event) {
    var reply = event.data || {};
    if (event.origin !== data.origin || reply.message_id !== messageId) return;
    if (reply.subject !== subject + ".response") return;
    window.clearTimeout(timer);
    finish(reply.value);
  });
  var message = { subject: subject, message_id: messageId, key: data.key };
  if (data.action === "put") message.value = data.value;
  frame.postMessage(message, data.origin);
})();
