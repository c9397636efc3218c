// The status page of a receipt code (overrides/tra-cuu.html). The page is at hoi-dap/tra-cuu/ and, by
// nginx's try_files (and the preview), at hoi-dap/<mã>/ before the answer is published: the code is the
// last folder of the address, or ?ma= when the form on the page was sent. It asks the feedback service
// (GET api/tra-cuu/<mã>, JSON: state and dates, no personal data) and writes the answer as text. When
// the service does not answer in JSON (down, nginx's error page, a network failure), the hidden notice
// with the hotline is shown instead. Labels are the template's (data-*), as every text a reader sees.
(() => {
  const box = document.querySelector("[data-lookup]");
  if (!box) return;
  const input = box.querySelector("input[name=ma]");
  const result = box.querySelector("[data-lookup-result]");
  const down = box.querySelector("[data-lookup-down]");
  // At hoi-dap/<mã>/ the last folder is the code (8 letters and digits: this page's own folder is not one).
  const folder = location.pathname.replace(/\/$/, "").split("/").pop() || "";
  const fromPath = /^[A-Za-z0-9]{8}$/.test(folder) ? folder : "";
  const typed = new URLSearchParams(location.search).get("ma") || fromPath;

  const day = (iso) => {
    const [y, m, d] = iso.split("-");
    return `${d}/${m}/${y}`;
  };
  const line = (label, value) => {
    const p = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = `${label}: `;
    p.append(strong, value);
    return p;
  };

  async function ask(code) {
    down.hidden = true;
    result.hidden = false;
    result.classList.remove("cchc-form__status--error");
    result.textContent = box.dataset.busy;
    let answer;
    let body;
    try {
      answer = await fetch(new URL(encodeURIComponent(code), new URL(box.dataset.api, location.href)), {
        headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin",
      });
      body = await answer.json();
    } catch {
      body = null;
    }
    if (!answer || !body || typeof body !== "object" || answer.status >= 500) {
      result.hidden = true;
      down.hidden = false;
      return;
    }
    result.replaceChildren();
    if (!body.ok) {
      result.classList.add("cchc-form__status--error");
      result.textContent = String(body.message || "");
      return;
    }
    result.append(line(box.dataset.code, body.code), line(box.dataset.state, body.label),
                  line(box.dataset.received, day(body.received)));
    if (body.answered) result.append(line(box.dataset.answered, day(body.answered)));
    const target = body.answer_url ? new URL(String(body.answer_url), location.href) : null;
    if (target && (target.protocol === "https:" || target.protocol === "http:")) {
      const p = document.createElement("p");
      const link = document.createElement("a");
      link.href = target.href;
      link.className = "md-button md-button--primary";
      link.textContent = box.dataset.open;
      p.append(link);
      result.append(p);
    } else {
      const p = document.createElement("p");
      p.textContent = box.dataset.waiting;
      result.append(p);
    }
  }

  box.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    const code = input.value.trim();
    if (!code) return;
    history.replaceState(null, "", `${location.pathname}?ma=${encodeURIComponent(code)}`);
    ask(code);
  });
  if (typed) {
    input.value = typed.toUpperCase();
    ask(typed);
  }
})();
