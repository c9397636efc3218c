/* The question form (gop-y/) and the rating widget (every post) with script: sent as JSON by fetch,
   answered without a reload. Without script both forms post normally and the service answers with
   a page (see src/cchc/gopy/). Every message here is shown in a live region, in Vietnamese. */
(function () {
  "use strict";
  var opened = performance.now();

  function unavailable(hotline) {
    return "Hệ thống tiếp nhận góp ý trực tuyến đang tạm ngưng. Nội dung bạn gõ vẫn còn trên trang, " +
      "chưa được gửi. Vui lòng gọi đường dây nóng " + hotline + " hoặc thử lại sau ít phút.";
  }

  function say(box, text, error) {
    box.hidden = false;
    box.textContent = text;
    box.classList.toggle(box.className.split(" ")[0] + "--error", !!error);
  }

  function send(url, data) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(data)
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) { return {status: response.status, body: null}; }
      return response.json().then(function (body) { return {status: response.status, body: body}; });
    });
  }

  function fields(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.type === "submit") { return; }
      data[element.name] = element.type === "checkbox" ? element.checked : element.value;
    });
    return data;
  }

  function showErrors(form, errors) {
    Array.prototype.forEach.call(form.querySelectorAll(".cchc-form__error"), function (node) { node.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (node) { node.removeAttribute("aria-invalid"); });
    var first = null;
    Object.keys(errors).forEach(function (name) {
      var input = name && form.elements[name];
      if (!input || !input.id) { return; }
      var message = document.createElement("p");
      message.className = "cchc-form__error";
      message.id = "loi-" + name;
      message.textContent = errors[name];
      input.closest(".cchc-form__field, .cchc-form__consent").appendChild(message);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", message.id);
      first = first || input;
    });
    if (first) { first.focus(); }
  }

  function question(form) {
    var status = form.querySelector(".cchc-form__status");
    var hotline = form.getAttribute("data-hotline");
    var page = new URLSearchParams(location.search).get("trang");
    if (page && form.elements.trang && !form.elements.trang.value) { form.elements.trang.value = page; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var data = fields(form);
      data.thoi_gian = Math.round(performance.now() - opened);
      button.disabled = true;
      say(status, "Đang gửi…", false);
      send(form.action, data).then(function (answer) {
        button.disabled = false;
        if (answer.status === 201 && answer.body && answer.body.ok) {
          var receipt = document.createElement("div");
          receipt.className = "cchc-receipt";
          receipt.setAttribute("role", "status");
          receipt.tabIndex = -1;
          var lines = [answer.body.message + " Mã tiếp nhận của bạn:", answer.body.code,
            "Hãy ghi lại mã này. Câu trả lời sẽ được đăng tại "];
          lines.forEach(function (text, index) {
            var p = document.createElement("p");
            if (index === 1) { p.className = "cchc-receipt__code"; var strong = document.createElement("strong"); strong.textContent = text; p.appendChild(strong); }
            else { p.textContent = text; }
            if (index === 2) {
              var link = document.createElement("a");
              link.href = answer.body.answer_url;
              link.textContent = answer.body.answer_url;
              p.appendChild(link);
              p.appendChild(document.createTextNode("; mở địa chỉ này bất cứ lúc nào để xem câu hỏi đã được tiếp nhận, đang trả lời hay đã có câu trả lời."));
            }
            receipt.appendChild(p);
          });
          form.replaceWith(receipt);
          receipt.focus();
        } else if (answer.body && answer.body.errors && Object.keys(answer.body.errors).some(function (k) { return k; })) {
          say(status, answer.body.message, true);
          showErrors(form, answer.body.errors);
        } else if (answer.body && answer.body.message) {
          say(status, answer.body.message, true);
        } else {
          say(status, unavailable(hotline), true);
        }
      }, function () {
        button.disabled = false;
        say(status, unavailable(hotline), true);
      });
    });
  }

  function rating(section) {
    var page = section.getAttribute("data-page");
    var key = "cchc-danh-gia:" + page;  // the page's address only: nothing that identifies the reader
    var form = section.querySelector("form");
    var status = section.querySelector(".cchc-rating__status");
    var voted = false;
    try { voted = localStorage.getItem(key) === "1"; } catch (error) { voted = false; }
    if (voted) {
      section.classList.add("cchc-rating--done");
      say(status, "Bạn đã đánh giá trang này. Cảm ơn bạn!", false);
      return;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = fields(form);
      data.huu_ich = event.submitter ? event.submitter.value : "";
      send(form.action, data).then(function (answer) {
        if (answer.status === 201) {
          try { localStorage.setItem(key, "1"); } catch (error) { /* private mode: the vote still counts */ }
          section.classList.add("cchc-rating--done");
          say(status, "Cảm ơn bạn đã đánh giá. Đánh giá không ghi lại thông tin nhận dạng bạn.", false);
        } else {
          say(status, answer.body && answer.body.message ? answer.body.message : "Chưa gửi được đánh giá; vui lòng thử lại sau.", true);
        }
      }, function () {
        say(status, "Chưa gửi được đánh giá; vui lòng thử lại sau.", true);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-cchc-feedback]"), question);
  Array.prototype.forEach.call(document.querySelectorAll("[data-cchc-rating]"), rating);
})();
